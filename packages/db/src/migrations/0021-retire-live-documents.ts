import type { Kysely } from 'kysely';

/**
 * Projects' live topics used to travel as a server-written document (`<projectId>/project`, a
 * counter per topic, stored like any update); they now travel on the bus to each page's stream.
 * Their stored updates and snapshots are dropped: nothing reads them, and they only grew.
 */
export function retireLiveDocuments() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['doc_updates', 'doc_snapshots', 'doc_authors', 'doc_fences'])
        await (db as Kysely<Record<string, { kind: string }>>).deleteFrom(table).where('kind', '=', 'project').execute();
    },
  };
}
