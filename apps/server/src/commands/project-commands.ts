import { acceptApplicationCommand, type MoveApplicationInput, moveApplicationCommand } from './applications.ts';
import { type TransitionDeps, type TransitionInput, transitionProject } from './transition-project.ts';

/** What moving a project needs, with the clock required: applications are decided on it too. */
export interface ProjectCommandDeps extends TransitionDeps {
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
