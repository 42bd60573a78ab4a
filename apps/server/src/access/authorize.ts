import { findMyApplication, findProject, findRole, type StintDatabase, type StoredApplication } from '@stint/db';
import {
  type AccessDecision,
  type AccessNeed,
  type DocKind,
  decideAccess,
  isStandingApplication,
  mayUseDocument,
  type Project,
  type Right,
  type Role,
  type Status,
  type User,
} from '@stint/domain';

/** What a granted request learned: the project, the caller's role, and what they may do with its documents. */
export interface Access {
  project: Project;
  role: Role | null;
  /** The caller's right on the document asked about (null when no document was named). */
  right: Right | null;
  /** Where the asked-for lifecycle move takes the project (null when none was asked about). */
  to: Status | null;
  /** Whether the caller may use another document of the project as `need` now (the same table). */
  may(kind: DocKind, need: Right): boolean;
  /** A signed-in non-member's own application to the project (null for members, visitors and those who never applied). */
  application: StoredApplication | null;
}

/** One decision as it was made: what the route-walk test and the logs observe. */
export interface AccessEvent {
  userId: string | null;
  projectId: string;
  need: AccessNeed;
  ok: boolean;
}

export interface Authorizer {
  /** The access, or the domain's error (404 for projects the caller may not see, 403 for a missing right, 409 for a move from the wrong status). */
  authorize(user: User | null, projectId: string, need: AccessNeed): Promise<Access>;
  /** The same decision without throwing, for transports that say a refusal their own way (sockets). */
  decide(user: User | null, projectId: string, need: AccessNeed): Promise<{ decision: AccessDecision; access: Access | null }>;
}

export type Authorize = Authorizer['authorize'];

/**
 * The one door: every route, socket, exporter and page that asks about a project's access asks
 * here, and this asks the domain's `decideAccess` with the project's status, the caller's role
 * and whether they applied. Nothing else looks up a role to decide with it.
 */
export function createAuthorizer(database: StintDatabase, options: { onDecision?: (event: AccessEvent) => void } = {}): Authorizer {
  async function decide(user: User | null, projectId: string, need: AccessNeed) {
    const project = await findProject(database.db, projectId);
    const role = project && user ? await findRole(database.db, projectId, user.id) : null;
    // Only a signed-in non-member may have applied; whether that lets them see it is the domain's.
    const application = project && user && role === null ? ((await findMyApplication(database.db, projectId, user.id)) ?? null) : null;
    const applied = isStandingApplication(application?.status);
    const decision = decideAccess(project?.status ?? null, role, need, { userId: user?.id ?? null, applied });
    options.onDecision?.({ userId: user?.id ?? null, projectId, need, ok: decision.ok });
    if (!decision.ok || !project) return { decision, access: null };
    const status = project.status;
    const access: Access = {
      project,
      role,
      right: decision.right,
      to: decision.to,
      may: (kind, wanted) => mayUseDocument(role, kind, status, wanted),
      application,
    };
    return { decision, access };
  }
  return {
    decide,
    async authorize(user, projectId, need) {
      const { decision, access } = await decide(user, projectId, need);
      if (!decision.ok) throw decision.error;
      return access!;
    },
  };
}
