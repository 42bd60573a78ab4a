import type { Kysely } from 'kysely';

/**
 * Limits reserve before the work they limit (a sign-in counts as a failure until it succeeds):
 * the ticket names a reservation's rows, so a success takes them back.
 */
export function reservationTickets() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['login_failures', 'rate_events']) await db.schema.alterTable(table).addColumn('ticket', 'text').execute();
    },
  };
}
