import type { Alongside } from '@stint/collab';
import { alongside } from '@stint/db';
import { DOC_KIND_TRAITS, isDocKind } from '@stint/domain';
import { mentionsIn } from './mentions.ts';
import type { Tell } from './telling.ts';

/**
 * Tells people mentioned in a rich document, in the transaction that stores the edit mentioning
 * them. Only those who may read the document hear of it (the notifier's rule); a mention of
 * anyone else tells no one. The web offers only readers in its suggestions and says why the
 * others can't be.
 */
export function mentionNotifications(deps: { tell: Tell }) {
  return (docName: string, update: Uint8Array, authorId: string): Alongside | null => {
    const [projectId, kind] = docName.split('/');
    if (!projectId || !isDocKind(kind) || !DOC_KIND_TRAITS[kind].richText) return null;
    const named = mentionsIn(update);
    if (named.length === 0) return null;
    const telling = deps.tell();
    return alongside(
      (trx) => telling.notify(trx, { kind: 'mentioned', projectId, actorId: authorId, named, doc: kind, link: `/projects/${projectId}/${kind}` }),
      () => telling.done(),
    );
  };
}
