import type { StintDatabase } from '@stint/db';
import { DOC_KIND_TRAITS, type DocKind } from '@stint/domain';
import type { Logger } from 'pino';
import { mentionsIn } from './mentions.ts';
import type { Tell } from './telling.ts';

/**
 * Tells people mentioned in a rich document, once the edit that mentions them is stored. Only
 * those who may read the document hear of it (the notifier's rule); a mention of anyone else
 * tells no one. The web offers only readers in its suggestions and says why the others can't be.
 */
export function mentionNotifier(deps: { database: StintDatabase; tell: Tell; logger: Logger }) {
  return (docName: string, update: Uint8Array, authorId: string | null): void => {
    const [projectId, kind] = docName.split('/');
    if (!projectId || !authorId || !DOC_KIND_TRAITS[kind as DocKind]?.richText) return;
    const named = mentionsIn(update);
    if (named.length === 0) return;
    const telling = deps.tell();
    deps.database.db
      .transaction()
      .execute((trx) =>
        telling.notify(trx, { kind: 'mentioned', projectId, actorId: authorId, named, doc: kind as DocKind, link: `/projects/${projectId}/${kind}` }),
      )
      .then(
        () => telling.done(),
        (error: unknown) => deps.logger.error({ err: error, docName }, 'telling the people mentioned failed'),
      );
  };
}
