import { afterAll, beforeAll } from 'vitest';
import { type StintProcess, startStint } from './server-process.ts';
import { setupWorkspace } from './workspace.ts';

/** One server process and one workspace in progress for a test file; stopped after it. */
export function useWorkspaceServer() {
  const state = {} as { server: StintProcess; ws: Awaited<ReturnType<typeof setupWorkspace>> };
  // Longer than startStint's own 60 s wait, so a server that never starts is reported with what it printed.
  beforeAll(async () => {
    state.server = await startStint();
    state.ws = await setupWorkspace(state.server.url);
  }, 90_000);
  afterAll(() => state.server?.dispose());
  return state;
}
