import { join } from 'node:path';
import { createDatabase, type StintDatabase } from '@stint/db';
import { DOC_KINDS, ROLES, type Role, rightFor, STATUSES } from '@stint/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, RawClient, syncFrame, writeMarker } from '../support/collab-clients.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

let server: StintProcess;
let storage: StintDatabase;
const workspaces = new Map<string, Awaited<ReturnType<typeof setupWorkspace>>>();

beforeAll(async () => {
  server = await startStint();
  storage = createDatabase({ dialect: 'sqlite', file: join(server.dataDir, 'stint.db') });
  // One workspace per status, forced into that status underneath the API: this checks the gate,
  // not the lifecycle (which has its own tests), and reaches cells the API can't yet (archived).
  for (const status of STATUSES) {
    const ws = await setupWorkspace(server.url);
    await storage.db.updateTable('projects').set({ status }).where('id', '=', ws.projectId).execute();
    workspaces.set(status, ws);
  }
});
afterAll(async () => {
  await storage?.close();
  await server?.dispose();
});

const stepOne = () => syncFrame(0, Y.encodeStateVector(new Y.Doc()));

async function storedContains(projectId: string, kind: string, marker: string): Promise<boolean> {
  const rows = await storage.db.selectFrom('doc_updates').select('data').where('project_id', '=', projectId).where('kind', '=', kind).execute();
  return rows.some((r) => Buffer.from(r.data).includes(marker));
}

describe('the rights table, cell by cell, over the wire', () => {
  for (const status of STATUSES) {
    for (const role of ROLES) {
      it(`${role} while ${status}: ${DOC_KINDS.map((k) => `${k}=${rightFor(role, k, status)}`).join(' ')}`, async () => {
        const ws = workspaces.get(status)!;
        const token = ws[role as Role].token;
        await Promise.all(
          DOC_KINDS.map(async (kind) => {
            const right = rightFor(role, kind, status);
            const client = new RawClient(server.url, `${ws.projectId}/${kind}`, { token });
            if (right === 'none') {
              expect(await client.closed, `${kind} should be closed`).toBe(4403);
              return;
            }
            await client.opened;
            // Read: our sync step 1 is answered with step 2.
            client.send(stepOne());
            await eventually(() => expect(client.syncMessages().filter(([k]) => k === 1).length).toBeGreaterThanOrEqual(1), 5000);
            // Write: one update. A writer's is stored (the socket stays open); anyone else's closes
            // the socket at once with 4409, and is never stored.
            const marker = `cell-${status}-${role}-${kind}-${Math.random().toString(36).slice(2)}`;
            const doc = new Y.Doc();
            writeMarker(doc, kind, marker);
            client.send(syncFrame(2, Y.encodeStateAsUpdate(doc)));
            if (right === 'write') {
              await eventually(async () => expect(await storedContains(ws.projectId, kind, marker), `${kind}: write kept`).toBe(true), 10_000);
              expect(client.isOpen, `${kind}: a writer's socket stays open`).toBe(true);
            } else {
              expect(await client.closed, `${kind}: a refused write closes with 4409`).toBe(4409);
              expect(await storedContains(ws.projectId, kind, marker), `${kind}: write dropped`).toBe(false);
            }
            client.close();
          }),
        );
      });
    }
  }
});
