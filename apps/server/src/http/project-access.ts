import { findProject, findRole, type StintDatabase } from '@stint/db';
import { type AccessDecision, type AccessNeed, decideAccess, type Project, type Right, type Role, type User } from '@stint/domain';

export interface ProjectAccess {
  project: Project;
  role: Role | null;
  /** The caller's right on the document asked about (null when no document was named). */
  right: Right | null;
}

/** Looks up the project and the caller's role, and asks the domain's one access decision. */
export async function decideProjectAccess(
  database: StintDatabase,
  projectId: string,
  user: User | null,
  need: AccessNeed,
): Promise<{ decision: AccessDecision; project: Project | undefined; role: Role | null }> {
  const project = await findProject(database.db, projectId);
  const role = project && user ? await findRole(database.db, projectId, user.id) : null;
  return { decision: decideAccess(project?.status ?? null, role, need), project, role };
}

/**
 * Every REST route's access check: the project and the caller's role (and right on a document),
 * or the domain's error (404 for projects the caller may not see, 403 for a missing right).
 */
export async function requireAccess(database: StintDatabase, projectId: string, user: User | null, need: AccessNeed): Promise<ProjectAccess> {
  const { decision, project, role } = await decideProjectAccess(database, projectId, user, need);
  if (!decision.ok) throw decision.error;
  return { project: project!, role, right: decision.right };
}
