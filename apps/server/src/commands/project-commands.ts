import type { DocServer } from '@stint/collab';
import type { StintDatabase } from '@stint/db';
import type { LiveState } from '../live/live-state.ts';
import type { Tell } from '../notifications/telling.ts';
import type { Renderer } from '../renderer.ts';
import type { OnPeopleChanged } from '../routes/change-deps.ts';
import { acceptApplicationCommand, type MoveApplicationInput, moveApplicationCommand } from './applications.ts';
import { type TransitionInput, transitionProject } from './transition-project.ts';

export interface ProjectCommandDeps {
  database: StintDatabase;
  docServer: DocServer;
  renderer: Renderer;
  live: LiveState;
  /** Each person's own pages (their applications). */
  people: OnPeopleChanged;
  tell: Tell;
  clock: () => number;
}

/**
 * The commands that move a project and its applications, over one set of dependencies: the
 * routes call them, and so does the demo seed, so what the demo shows is what a person's clicks
 * would have made (events, the fee, hand-off versions, notifications).
 */
export function projectCommands(deps: ProjectCommandDeps) {
  const applications = { database: deps.database, live: deps.live.changed, people: deps.people, tell: deps.tell, clock: deps.clock };
  return {
    transition: (input: TransitionInput) => transitionProject(deps, input),
    accept: (input: Parameters<typeof acceptApplicationCommand>[1]) => acceptApplicationCommand(applications, input),
    moveApplication: (input: MoveApplicationInput, absent?: Parameters<typeof moveApplicationCommand>[2]) =>
      moveApplicationCommand(applications, input, absent),
  };
}

export type ProjectCommands = ReturnType<typeof projectCommands>;
