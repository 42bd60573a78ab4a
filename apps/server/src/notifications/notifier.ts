import { type AppendedEvent, type Executor, enqueueEmails, insertNotifications, listMembers, notificationPrefs, type OnEvent } from '@stint/db';
import { channelFor, type DocKind, EVENT_NOTIFICATIONS, mayUseDocument, NOTIFICATION_KINDS, type NotificationKind, notificationText } from '@stint/domain';
import { composeEmail } from './emails.ts';
import type { UnsubscribeLinks } from './unsubscribe.ts';

export interface NotifyInput {
  kind: NotificationKind;
  projectId: string;
  /** Who caused it: never told. Null for reminders. */
  actorId: string | null;
  /** People the event names (the applicant, the invitee, whoever was mentioned). */
  named?: readonly string[];
  /** People in the comment thread. */
  participants?: readonly string[];
  /** The document it is about: a recipient must be able to read it now. */
  doc?: DocKind;
  message?: string | null;
  /** Where in the app it opens (a path). */
  link: string;
  /** Told otherwise already (mentioned in the same comment). */
  exclude?: readonly string[];
  /** Into the inbox only, whatever the person chose (the demo's seeded events: no mail to made-up people). */
  inAppOnly?: boolean;
  date?: string;
}

export interface Notifier {
  /**
   * Writes the notifications (and emails) of one event, in the event's transaction, and adds
   * whoever was told to `told` (for the live inbox, once the transaction has committed).
   */
  notify(trx: Executor, input: NotifyInput, told: Set<string>): Promise<void>;
  /** The project-event hook: what each event of the lifecycle and the applications tells whom. */
  eventHook(told: Set<string>, options?: { inAppOnly?: boolean }): OnEvent;
}

export function createNotifier(deps: { baseUrl: () => string; unsubscribe: UnsubscribeLinks; clock?: () => number }): Notifier {
  const clock = deps.clock ?? Date.now;

  async function notifyAll(trx: Executor, input: NotifyInput, told: Set<string>): Promise<void> {
    const project = await trx.selectFrom('projects').select(['title', 'status']).where('id', '=', input.projectId).executeTakeFirst();
    if (!project) return;
    const rule = NOTIFICATION_KINDS[input.kind];
    const members = await listMembers(trx, input.projectId);
    const roleOf = new Map(members.map((m) => [m.userId, m.role]));
    const candidates = new Set<string>();
    for (const m of members) if ((rule.audience.roles as readonly string[]).includes(m.role)) candidates.add(m.userId);
    if (rule.audience.named) for (const id of input.named ?? []) candidates.add(id);
    if (rule.audience.participants) for (const id of input.participants ?? []) if (roleOf.has(id)) candidates.add(id);
    if (rule.audience.writers && input.doc) {
      for (const m of members) if (mayUseDocument(m.role, input.doc, project.status, 'write')) candidates.add(m.userId);
    }
    for (const id of input.exclude ?? []) candidates.delete(id);
    if (input.actorId) candidates.delete(input.actorId);
    // About a document: only people who may read it now (a student, the feedback before release).
    const doc = input.doc;
    const recipients = [...candidates].filter((id) => {
      if (!doc) return true;
      return mayUseDocument(roleOf.get(id) ?? null, doc, project.status, 'read');
    });
    if (recipients.length === 0) return;

    const [people, prefs, actor] = await Promise.all([
      trx.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', recipients).execute(),
      notificationPrefs(trx, recipients),
      input.actorId ? trx.selectFrom('users').select('name').where('id', '=', input.actorId).executeTakeFirst() : undefined,
    ]);
    const message = input.message ?? null;
    // The event's words go into the sentence for the kinds whose sentence names them (a milestone's title, a reason).
    const facts = { actorName: actor?.name, projectTitle: project.title, date: input.date, message: message ?? undefined };
    const now = clock();
    const rows = [];
    const emails = [];
    for (const person of people) {
      const chosen = channelFor(input.kind, prefs.get(person.id) ?? new Map());
      const channel = input.inAppOnly && chosen !== 'off' ? 'in_app' : chosen;
      if (channel === 'off') continue;
      const text = notificationText(input.kind, { ...facts, recipientRole: roleOf.get(person.id) ?? null });
      rows.push({
        userId: person.id,
        kind: input.kind,
        projectId: input.projectId,
        actorId: input.actorId,
        text,
        message,
        link: input.link,
        delivery: channel === 'email' ? ('email' as const) : channel === 'digest' ? ('digest' as const) : ('inbox' as const),
      });
      if (channel === 'email') {
        const unsubscribeUrl = deps.unsubscribe.url(person.id, input.kind);
        emails.push({
          userId: person.id,
          to: person.email,
          unsubscribeUrl,
          ...composeEmail({
            recipientName: person.name,
            subject: text,
            lines: [{ text, message, url: `${deps.baseUrl()}${input.link}` }],
            unsubscribeUrl,
            settingsUrl: `${deps.baseUrl()}/settings/notifications`,
          }),
        });
      }
    }
    await insertNotifications(trx, rows, now);
    await enqueueEmails(trx, emails, now);
    for (const r of rows) told.add(r.userId);
  }

  /** Each lifecycle and application event, as the notifications it causes. */
  const onEvent =
    (told: Set<string>, options: { inAppOnly?: boolean } = {}) =>
    async (trx: Executor, event: AppendedEvent): Promise<void> => {
      const notify = (t: Executor, input: NotifyInput) => notifyAll(t, { ...input, inAppOnly: options.inAppOnly }, told);
      const kind = EVENT_NOTIFICATIONS[event.action];
      if (!kind) return;
      const payload = (event.payload ?? {}) as { applicationId?: string; studentId?: string; declined?: string[]; userId?: string; message?: string };
      const base = { projectId: event.projectId, actorId: event.actorId, message: payload.message ?? null };
      const at = `/projects/${event.projectId}`;
      switch (kind) {
        case 'application_received':
          await notify(trx, { ...base, kind, link: `${at}#applications` });
          return;
        case 'application_accepted':
          await notify(trx, { ...base, kind, named: payload.studentId ? [payload.studentId] : [], link: `${at}/brief` });
          if (payload.declined?.length) await notify(trx, { ...base, kind: 'application_declined', named: payload.declined, link: '/#my-applications' });
          return;
        case 'application_declined': {
          const app = payload.applicationId
            ? await trx.selectFrom('applications').select('applicant_id').where('id', '=', payload.applicationId).executeTakeFirst()
            : undefined;
          if (app) await notify(trx, { ...base, kind, named: [app.applicant_id], link: '/#my-applications' });
          return;
        }
        case 'invited':
          await notify(trx, { ...base, kind, named: payload.userId ? [payload.userId] : [], link: at });
          return;
        case 'completed':
          await notify(trx, { ...base, kind, link: `${at}/feedback` });
          return;
        case 'milestone_proposed':
        case 'milestone_agreed':
        case 'milestone_submitted':
        case 'milestone_accepted':
        case 'milestone_reopened':
        case 'extension_requested':
        case 'extension_granted':
        case 'extension_declined':
          await notify(trx, { ...base, kind, link: `${at}#plan` });
          return;
        case 'payment_recorded':
          await notify(trx, { ...base, kind, link: `${at}#payment` });
          return;
        default:
          await notify(trx, { ...base, kind, link: `${at}#event-${event.id}` });
      }
    };

  return { notify: notifyAll, eventHook: onEvent };
}
