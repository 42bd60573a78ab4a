import type { Kysely } from 'kysely';

/** Handles people gave up, and when: someone else may take one only after it has rested (the domain's HANDLE_REST_DAYS). */
export function releasedHandles() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('released_handles')
        .addColumn('handle', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('released_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
