import type { Kysely } from 'kysely';

/** Versions keep the server's rendering too, so an archive can be shown without Yjs. */
export function versionHtml() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('doc_versions').addColumn('html', 'text').execute();
    },
  };
}
