import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** Resolves once the database has answered a query (readiness); rejects with its error otherwise. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
