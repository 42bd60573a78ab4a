import { findProject, findRole, type StintDatabase } from '@stint/db';
import { notFound, type Project, type Role, type User } from '@stint/domain';

/**
 * The project and the caller's role in it, for calls only members may make. Anyone else gets
 * the same 404 as for a project that doesn't exist, so hidden projects don't leak.
 */
export async function memberOf(database: StintDatabase, projectId: string, user: User): Promise<{ project: Project; role: Role }> {
  const project = await findProject(database.db, projectId);
  const role = project ? await findRole(database.db, projectId, user.id) : null;
  if (!project || !role) throw notFound('project_not_found', 'There is no project with that id, or you are not a member.');
  return { project, role };
}
