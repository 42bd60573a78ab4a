import { afterAll, beforeAll } from 'vitest';
import { type StintProcess, startStint } from './server-process.ts';
import { setupWorkspace } from './workspace.ts';

/** One server process and one workspace in progress for a test file; stopped after it. */
export function useWorkspaceServer() {
  const state = {} as { server: StintProcess; ws: Awaited<ReturnType<typeof setupWorkspace>> };
  beforeAll(async () => {
    state.server = await startStint();
    state.ws = await setupWorkspace(state.server.url);
  });
  afterAll(() => state.server?.dispose());
  return state;
}
