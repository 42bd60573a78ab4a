import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  body,
  connectProvider,
  eventually,
  FIRST_PARAGRAPH_CLIENT,
  insertUpdate,
  RawClient,
  syncFrame,
  textOf,
  whenSynced,
} from '../support/collab-clients.ts';
import { useWorkspaceServer } from '../support/workspace-server.ts';

const fixture = useWorkspaceServer();

// Thousands of sockets opened and closed on a 2-core machine: a robustness test, not a timed one.
const FUZZ_TIMEOUT_MS = 180_000;

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** Frames a broken or hostile client might send: random, lying about lengths, cut short, huge. */
function frames(count: number): Uint8Array[] {
  const real = [
    syncFrame(2, insertUpdate('a real update to cut short')),
    syncFrame(0, Y.encodeStateVector(new Y.Doc())),
    new Uint8Array([1, 5, 1, 200, 1, 0, 2, 123, 125]),
  ];
  const arb = fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 64 }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(0, 1, 2, 3, 4, 100, 127), fc.nat(3), fc.uint8Array({ maxLength: 48 }))
        .map(([type, sub, rest]) => Uint8Array.from([type, sub, ...rest])),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...real), fc.double({ min: 0, max: 0.999, noNaN: true }))
        .map(([frame, cut]) => frame.slice(0, Math.floor(frame.length * cut))),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 64 }).map((extra) => new Uint8Array(2 * 1024 * 1024 + extra)) },
  );
  return fc.sample(arb, { numRuns: count, seed });
}

/** Sends every frame on some open socket, opening new ones as the server closes them. */
async function blast(docName: string, token: string, payload: Uint8Array[], parallel = 16) {
  let next = 0;
  let sent = 0;
  const codes = new Map<number, number>();
  const worker = async () => {
    while (next < payload.length) {
      const client = new RawClient(fixture.server.url, docName, { token });
      await client.opened;
      while (next < payload.length && client.isOpen) {
        client.send(payload[next++]!);
        sent++;
        await Promise.race([client.closed, new Promise((r) => setTimeout(r, 15))]);
      }
      client.close();
      const code = await client.closed;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { sent, codes };
}

describe(`fuzzing the document socket (seed ${seed})`, () => {
  it(
    '8,000 frames from read-only sockets: the process stays up, writers keep editing, the stored document is untouched by them',
    async () => {
      const docName = `${fixture.ws.projectId}/deliverable`;
      const writer = connectProvider(fixture.server.url, docName, fixture.ws.student.token);
      await whenSynced(writer.provider);
      let typing = true;
      const typed = (async () => {
        for (let i = 0; typing; i++) {
          body(writer.doc).insert(body(writer.doc).length, `w${i} `);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      const { sent, codes } = await blast(docName, fixture.ws.employer.token, frames(8000));
      typing = false;
      await typed;
      expect(sent).toBe(8000);
      expect([...codes.keys()].every((c) => [4400, 4403, 4413, 1000, 1005].includes(c))).toBe(true);

      const reader = connectProvider(fixture.server.url, docName, fixture.ws.viewer.token);
      await whenSynced(reader.provider);
      await eventually(() => expect(textOf(reader.doc)).toBe(textOf(writer.doc)));
      expect(textOf(reader.doc)).toMatch(/w10 /);
      // Nothing but the honest writer ever wrote: its client id and its first paragraph's, no other.
      expect([...Y.decodeStateVector(Y.encodeStateVector(reader.doc)).keys()].sort()).toEqual([writer.doc.clientID, FIRST_PARAGRAPH_CLIENT].sort());
      writer.provider.destroy();
      reader.provider.destroy();
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    '2,500 frames from sockets with write right: the process stays up and honest writers converge',
    async () => {
      const docName = `${fixture.ws.projectId}/brief`;
      const honest = connectProvider(fixture.server.url, docName, fixture.ws.employer.token);
      await whenSynced(honest.provider);
      body(honest.doc).insert(0, 'before the storm. ');
      const { sent } = await blast(docName, fixture.ws.employer.token, frames(2500));
      expect(sent).toBe(2500);
      body(honest.doc).insert(0, 'after the storm. ');
      const reader = connectProvider(fixture.server.url, docName, fixture.ws.mentor.token);
      await whenSynced(reader.provider);
      await eventually(() => expect(textOf(reader.doc)).toBe('after the storm. before the storm. '));
      expect((await fetch(`${fixture.server.url}/api/me`, { headers: { authorization: `Bearer ${fixture.ws.employer.token}` } })).status).toBe(200);
      honest.provider.destroy();
      reader.provider.destroy();
    },
    FUZZ_TIMEOUT_MS,
  );
});
