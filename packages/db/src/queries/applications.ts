import { type Application, type ApplicationStatus, conflict, DECLINED_BY_ACCEPTANCE_MESSAGE, notFound, type Project, type Status } from '@stint/domain';
import type { Kysely } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { appendEvent, type OnEvent } from './events.ts';
import { findProject, moveProject, type TransitionInput } from './projects.ts';

export async function insertApplication(
  db: Kysely<Database>,
  input: { projectId: string; applicantId: string; pitch: string; onEvent?: OnEvent },
  now = Date.now(),
): Promise<{ id: string; status: ApplicationStatus }> {
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('applications')
        .values({
          id,
          project_id: input.projectId,
          applicant_id: input.applicantId,
          pitch: input.pitch,
          status: 'pending',
          created_at: now,
          decided_at: null,
        })
        .execute();
      await appendEvent(trx, {
        projectId: input.projectId,
        actorId: input.applicantId,
        action: 'apply',
        payload: { applicationId: id },
        now,
        onEvent: input.onEvent,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('already_applied', 'You have already applied to this project.');
    throw error;
  }
  return { id, status: 'pending' };
}

/** A project's applications as stored (what a reader may do with each is the domain's, added by the route). */
export async function listApplications(db: Kysely<Database>, projectId: string): Promise<Omit<Application, 'abilities'>[]> {
  const rows = await db
    .selectFrom('applications')
    .innerJoin('users', 'users.id', 'applications.applicant_id')
    .select([
      'applications.id as id',
      'applications.status as status',
      'applications.pitch as pitch',
      'applications.created_at as created_at',
      'users.id as applicant_id',
      'users.name as applicant_name',
      'applications.decision_message as message',
    ])
    .where('applications.project_id', '=', projectId)
    .orderBy('applications.created_at')
    .orderBy('applications.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    pitch: r.pitch,
    applicant: { id: r.applicant_id, name: r.applicant_name },
    createdAt: new Date(Number(r.created_at)).toISOString(),
    ...(r.message ? { message: r.message } : {}),
  }));
}

/**
 * Accepting is one transaction: the project starts, the applicant becomes its student, every
 * other pending application is declined, and the move is logged — or none of it happens.
 */
export async function acceptApplication(
  db: Kysely<Database>,
  /** `from` and `to` as the lifecycle table decided them for this accept. */
  input: { projectId: string; applicationId: string; actorId: string; from: Status; to: Status; onEvent?: OnEvent; follow: TransitionInput['follow'] },
  now = Date.now(),
): Promise<Project> {
  await db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications')
      .select(['id', 'applicant_id', 'status'])
      .where('id', '=', input.applicationId)
      .where('project_id', '=', input.projectId)
      .executeTakeFirst();
    if (!application) throw notFound('application_not_found', 'This project has no such application.');
    if (application.status !== 'pending') {
      throw conflict('application_not_pending', `This application was already ${application.status}.`);
    }
    const alreadyMember = await trx
      .selectFrom('project_members')
      .select('role')
      .where('project_id', '=', input.projectId)
      .where('user_id', '=', application.applicant_id)
      .executeTakeFirst();
    if (alreadyMember) {
      throw conflict('already_member', `The applicant is already this project's ${alreadyMember.role}.`);
    }
    // Everyone else who was waiting is declined by this accept; the event names them.
    const others = await trx
      .selectFrom('applications')
      .select('applicant_id')
      .where('project_id', '=', input.projectId)
      .where('status', '=', 'pending')
      .where('id', '!=', application.id)
      .execute();
    await moveProject(trx, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: 'accept',
      from: input.from,
      to: input.to,
      payload: { applicationId: application.id, studentId: application.applicant_id, declined: others.map((o) => o.applicant_id) },
      now,
      onEvent: input.onEvent,
      follow: input.follow,
    });
    await trx.updateTable('applications').set({ status: 'accepted', decided_at: now }).where('id', '=', application.id).execute();
    await trx
      .updateTable('applications')
      .set({ status: 'declined', decided_at: now, decision_message: DECLINED_BY_ACCEPTANCE_MESSAGE })
      .where('project_id', '=', input.projectId)
      .where('status', '=', 'pending')
      .execute();
    await trx
      .insertInto('project_members')
      .values({ project_id: input.projectId, user_id: application.applicant_id, role: 'student', created_at: now })
      .execute();
  });
  const project = await findProject(db, input.projectId);
  if (!project) throw new Error(`Project ${input.projectId} vanished during acceptance`);
  return project;
}

export interface StoredApplication {
  id: string;
  projectId: string;
  applicantId: string;
  status: ApplicationStatus;
}

export async function findApplication(db: Kysely<Database>, projectId: string, applicationId: string): Promise<StoredApplication | undefined> {
  const row = await db
    .selectFrom('applications')
    .select(['id', 'project_id', 'applicant_id', 'status'])
    .where('id', '=', applicationId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row && { id: row.id, projectId: row.project_id, applicantId: row.applicant_id, status: row.status };
}

/** The caller's own application to a project, newest first if they applied more than once. */
export async function findMyApplication(db: Kysely<Database>, projectId: string, applicantId: string): Promise<StoredApplication | undefined> {
  const row = await db
    .selectFrom('applications')
    .select(['id', 'project_id', 'applicant_id', 'status'])
    .where('project_id', '=', projectId)
    .where('applicant_id', '=', applicantId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && { id: row.id, projectId: row.project_id, applicantId: row.applicant_id, status: row.status };
}

/**
 * Declines or withdraws an application, if it is still in `from` (two racing requests: one
 * wins), with its event, in one transaction.
 */
export async function moveApplication(
  db: Kysely<Database>,
  input: {
    projectId: string;
    applicationId: string;
    actorId: string;
    action: 'decline' | 'withdraw';
    from: ApplicationStatus;
    to: ApplicationStatus;
    message?: string;
    onEvent?: OnEvent;
  },
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('applications')
      .set({ status: input.to, decided_at: now, decision_message: input.message ?? null })
      .where('id', '=', input.applicationId)
      .where('project_id', '=', input.projectId)
      .where('status', '=', input.from)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw conflict('state_changed', 'The application changed while you were acting on it; reload and try again.');
    await appendEvent(trx, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: input.action,
      payload: { applicationId: input.applicationId, ...(input.message ? { message: input.message } : {}) },
      now,
      onEvent: input.onEvent,
    });
  });
}

/** A person's own applications, newest first, with the project each is for. */
/** Where a person's latest application to each of these projects stands (those they applied to), by project id. */
export async function latestApplicationsTo(db: Kysely<Database>, userId: string, projectIds: readonly string[]): Promise<Map<string, ApplicationStatus>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('applications')
    .select(['project_id', 'status'])
    .where('applicant_id', '=', userId)
    .where('project_id', 'in', [...projectIds])
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  // Oldest first: a project applied to again ends on its latest.
  return new Map(rows.map((r) => [r.project_id, r.status as ApplicationStatus]));
}

export async function listMyApplications(
  db: Kysely<Database>,
  userId: string,
): Promise<Array<{ id: string; status: ApplicationStatus; createdAt: string; message?: string; project: { id: string; title: string; status: Status } }>> {
  const rows = await db
    .selectFrom('applications')
    .innerJoin('projects', 'projects.id', 'applications.project_id')
    .select([
      'applications.id as id',
      'applications.status as status',
      'applications.created_at as created_at',
      'applications.decision_message as message',
      'projects.id as project_id',
      'projects.title as title',
      'projects.status as project_status',
    ])
    .where('applications.applicant_id', '=', userId)
    .orderBy('applications.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    ...(r.message ? { message: r.message } : {}),
    project: { id: r.project_id, title: r.title, status: r.project_status },
  }));
}
