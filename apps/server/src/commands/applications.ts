import { acceptApplication, findApplication, listApplications, moveApplication, type StintDatabase } from '@stint/db';
import { type ApplicationAction, type ApplicationActor, decideApplicationMove, notFound, type Project, type Status } from '@stint/domain';
import type { LiveState } from '../live/live-state.ts';
import type { Tell } from '../notifications/telling.ts';
import type { OnPeopleChanged } from '../routes/change-deps.ts';
import { followMove } from './follow-move.ts';

export interface ApplicationCommandDeps {
  database: StintDatabase;
  live: LiveState['changed'];
  /** Each applicant's own pages (dashboard, the project they applied to). */
  people: OnPeopleChanged;
  tell: Tell;
  clock: () => number;
}

const everyApplicant = async (database: StintDatabase, projectId: string) => (await listApplications(database.db, projectId)).map((a) => a.applicant.id);

/**
 * Accepting one application, as authorized (`to` is where the lifecycle table takes the
 * project): in one transaction the project starts, the applicant becomes its student and every
 * other pending application is declined, with the event and its notifications; then the
 * project's open pages and every applicant's own pages follow. The transaction re-checks that
 * the application is still pending, so of two racing accepts one wins.
 */
export async function acceptApplicationCommand(
  deps: ApplicationCommandDeps,
  input: { project: Project; to: Status; applicationId: string; actorId: string },
): Promise<Project> {
  const telling = deps.tell();
  const now = deps.clock();
  const move = { projectId: input.project.id, actorId: input.actorId, action: 'accept' as const, from: input.project.status, to: input.to };
  const started = await acceptApplication(
    deps.database.db,
    { ...move, applicationId: input.applicationId, onEvent: telling.onEvent, follow: followMove(move, now) },
    now,
  );
  await deps.live(input.project.id, ['status', 'applications', 'members', 'activity']);
  deps.people(await everyApplicant(deps.database, input.project.id), ['applications']);
  telling.done();
  return started;
}

/**
 * Declining (the employer, with an optional message) or withdrawing (the applicant) one
 * application: decided by the domain's application table, written with its event only if the
 * application is still where it was, then told and shown live. `absent` is what the caller is
 * told when there is no such application.
 */
export interface MoveApplicationInput {
  projectId: string;
  applicationId: string;
  action: ApplicationAction;
  by: ApplicationActor;
  actorId: string;
  message?: string;
}

export async function moveApplicationCommand(
  deps: ApplicationCommandDeps,
  input: MoveApplicationInput,
  absent = notFound('application_not_found', 'This project has no such application.'),
): Promise<void> {
  const application = await findApplication(deps.database.db, input.projectId, input.applicationId);
  if (!application) throw absent;
  const to = decideApplicationMove(application.status, input.action, input.by);
  const telling = deps.tell();
  await moveApplication(
    deps.database.db,
    {
      projectId: input.projectId,
      applicationId: input.applicationId,
      actorId: input.actorId,
      action: input.action,
      from: application.status,
      to,
      message: input.message,
      onEvent: telling.onEvent,
    },
    deps.clock(),
  );
  await deps.live(input.projectId, ['applications', 'activity']);
  deps.people([application.applicantId], ['applications']);
  telling.done();
}
