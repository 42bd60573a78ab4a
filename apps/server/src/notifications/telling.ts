import { type Executor, enqueueEmails, findPayment, listCheckinDates, type NewEmail, type OnEvent, reviewStanding, syncReminders } from '@stint/db';
import { plannedReminders } from '@stint/domain';
import type { Inbox } from './inbox.ts';
import type { Notifier, NotifyInput } from './notifier.ts';

/**
 * One command's notifications: `onEvent` goes into the command's transaction (it writes the
 * notifications and emails with the event, and moves the project's reminders); `done` runs after the commit and tells the people
 * told — their open bells — and the outbox worker, which sends at once rather than at its next look.
 */
export interface Telling {
  onEvent: OnEvent;
  /** For what is not a project event (a comment, a reminder): notify in the command's own transaction. */
  notify(trx: Executor, input: NotifyInput): Promise<void>;
  /** An email that is no one's notification (an invitation to an address without an account), in the command's transaction. */
  email(trx: Executor, email: NewEmail, now: number): Promise<void>;
  done(): void;
}

export type Tell = (options?: { inAppOnly?: boolean }) => Telling;

/** After any event of a project, its scheduled reminders follow its state (a date moved, the project ended). */
async function rescheduleReminders(trx: Executor, projectId: string): Promise<void> {
  const project = await trx.selectFrom('projects').select(['status', 'due_date']).where('id', '=', projectId).executeTakeFirst();
  if (!project) return;
  const planned = plannedReminders(
    { status: project.status, dueDate: project.due_date },
    await listCheckinDates(trx, projectId),
    await findPayment(trx, projectId),
    await reviewStanding(trx, projectId),
  );
  await syncReminders(trx, projectId, planned);
}

export function createTell(notifier: Notifier, inbox: Inbox, nudgeOutbox: () => void): Tell {
  return (options = {}) => {
    const told = new Set<string>();
    let emailed = false;
    const notifyOf = notifier.eventHook(told, options);
    return {
      onEvent: async (trx, event) => {
        await notifyOf(trx, event);
        await rescheduleReminders(trx, event.projectId);
      },
      notify: (trx, input) => notifier.notify(trx, input, told),
      async email(trx, email, now) {
        await enqueueEmails(trx, [email], now);
        emailed = true;
      },
      done() {
        if (told.size > 0) inbox.changed([...told], ['inbox']);
        if (told.size > 0 || emailed) nudgeOutbox();
      },
    };
  };
}
