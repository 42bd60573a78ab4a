import type { Sessions } from '@stint/auth';
import { SESSION_INACTIVITY_TIMEOUT_MS } from '@stint/auth';
import { type Authorization, type Authorize, CloseCode } from '@stint/collab';
import { DOC_KINDS, isDocKind } from '@stint/domain';
import type { Authorizer } from './access/authorize.ts';

/** What the websocket upgrade learned about the caller, checked again on every reauthorize. */
export interface CollabIdentity {
  token: string | null;
  /** False when a browser sent our cookie from a page that is not ours. */
  sameOrigin: boolean;
}

const deny = (code: CloseCode, reason: string): Authorization => ({ ok: false, code, reason });

/** Every document socket asks the one access decision, through here, and nothing else. */
export function collabAuthorizer(authorizer: Authorizer, sessions: Sessions): Authorize<CollabIdentity> {
  return async (identity, docName) => {
    const { token, sameOrigin } = identity;
    if (!sameOrigin) return deny(CloseCode.forbidden, 'This socket must be opened from a Stint page.');
    const valid = token ? await sessions.validate(token) : null;
    if (!valid) return deny(CloseCode.unauthenticated, 'Sign in first: send the session cookie or a token parameter.');
    const [projectId, kind, ...rest] = docName.split('/');
    const document = isDocKind(kind) ? kind : null;
    if (!projectId || rest.length > 0 || !document) {
      return deny(CloseCode.notFound, `No document ${docName}; kinds are ${DOC_KINDS.join(', ')}.`);
    }
    // The same decision as every REST route; a socket may say "not a member" (4403) apart from
    // "no such project" (4404), since it names a project the caller already knows the id of.
    const { decision, access } = await authorizer.decide(valid.user, projectId, { kind: document, right: 'read' });
    if (!decision.ok) {
      if (decision.why === 'no_project') return deny(CloseCode.notFound, 'No such project.');
      if (decision.why === 'not_member') return deny(CloseCode.forbidden, 'You are not a member of this project.');
      return deny(CloseCode.forbidden, decision.error.message);
    }
    return {
      ok: true,
      userId: valid.user.id,
      userName: valid.user.name,
      canWrite: access!.may(document, 'write'),
      canSuggest: access!.may(document, 'suggest'),
      // A logout (session) or sign-out-everywhere (user) closes exactly these sockets.
      principals: [sessionPrincipal(valid.session.id), userPrincipal(valid.user.id)],
      validUntil: valid.session.lastVerifiedAt + SESSION_INACTIVITY_TIMEOUT_MS,
    };
  };
}

export const sessionPrincipal = (sessionId: string) => `session:${sessionId}`;
export const userPrincipal = (userId: string) => `user:${userId}`;
