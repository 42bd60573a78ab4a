import type { NotificationChannel } from '@stint/domain';
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** How a notification reaches its person besides the inbox. */
export type Delivery = 'inbox' | 'email' | 'digest';

export interface NewNotification {
  userId: string;
  kind: string;
  projectId: string | null;
  actorId: string | null;
  text: string;
  message: string | null;
  link: string;
  delivery: Delivery;
}

export interface StoredNotification {
  id: string;
  kind: string;
  projectId: string | null;
  text: string;
  message: string | null;
  link: string;
  at: string;
  read: boolean;
}

export async function insertNotifications(trx: Db, rows: readonly NewNotification[], now: number): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => newId());
  await trx
    .insertInto('notifications')
    .values(
      rows.map((r, i) => ({
        id: ids[i]!,
        user_id: r.userId,
        kind: r.kind,
        project_id: r.projectId,
        actor_id: r.actorId,
        text: r.text,
        message: r.message,
        link: r.link,
        delivery: r.delivery,
        digested_at: null,
        created_at: now,
        read_at: null,
      })),
    )
    .execute();
  return ids;
}

/** Newest first; `before` (a notification id's time) pages back. */
export async function listNotifications(
  db: Db,
  userId: string,
  options: { unreadOnly: boolean; limit: number; before?: number },
): Promise<StoredNotification[]> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.before !== undefined) query = query.where('created_at', '<', options.before);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    projectId: r.project_id,
    text: r.text,
    message: r.message,
    link: r.link,
    at: new Date(Number(r.created_at)).toISOString(),
    read: r.read_at !== null,
  }));
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the person's own notifications read: those in `ids`, or all of them. */
export async function markNotificationsRead(db: Db, userId: string, ids: readonly string[] | null, now: number): Promise<number> {
  if (ids !== null && ids.length === 0) return 0;
  let query = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== null) query = query.where('id', 'in', [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The channels a person chose, per kind; kinds they never chose are absent. */
export async function notificationPrefs(db: Db, userIds: readonly string[]): Promise<Map<string, Map<string, NotificationChannel>>> {
  const byUser = new Map<string, Map<string, NotificationChannel>>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('notification_prefs')
    .selectAll()
    .where('user_id', 'in', [...new Set(userIds)])
    .execute();
  for (const r of rows) {
    const mine = byUser.get(r.user_id) ?? new Map<string, NotificationChannel>();
    mine.set(r.kind, r.channel as NotificationChannel);
    byUser.set(r.user_id, mine);
  }
  return byUser;
}

export async function setNotificationPrefs(db: Db, userId: string, choices: ReadonlyArray<{ kind: string; channel: NotificationChannel }>): Promise<void> {
  if (choices.length === 0) return;
  await db
    .insertInto('notification_prefs')
    .values(choices.map((c) => ({ user_id: userId, kind: c.kind, channel: c.channel })))
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ channel: (eb) => eb.ref('excluded.channel') }))
    .execute();
}

/** People with digest notifications not yet sent in a digest, made before `cutoff`. */
export async function usersWithDigest(db: Db, cutoff: number): Promise<string[]> {
  const rows = await db
    .selectFrom('notifications')
    .select('user_id')
    .distinct()
    .where('delivery', '=', 'digest')
    .where('digested_at', 'is', null)
    .where('created_at', '<=', cutoff)
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Takes a person's waiting digest notifications made up to `cutoff` (marks them digested in one
 * UPDATE … RETURNING, so of two racing workers only one gets them) and returns them, oldest first.
 * Call it in the transaction that writes the digest email: each goes out once.
 */
export async function takeDigest(trx: Transaction<Database>, userId: string, cutoff: number, now: number) {
  const rows = await trx
    .updateTable('notifications')
    .set({ digested_at: now })
    .where('user_id', '=', userId)
    .where('delivery', '=', 'digest')
    .where('digested_at', 'is', null)
    .where('created_at', '<=', cutoff)
    .returning(['id', 'kind', 'text', 'message', 'link', 'created_at'])
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, text: r.text, message: r.message, link: r.link, at: Number(r.created_at) })).sort((a, b) => a.at - b.at);
}
