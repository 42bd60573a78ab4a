import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocFixture, openDocFixture, sleep } from '../test/fixtures.ts';
import { type Committable, Committer } from './committer.ts';
import type { DocumentStore, StoredUpdate } from './types.ts';

let fixture: DocFixture;
beforeAll(async () => {
  fixture = await openDocFixture();
});
afterAll(async () => {
  await fixture.opened.drop();
});

/** The real store, with each append's size and time noted. */
function recordingStore(store: DocumentStore) {
  const appends: Array<{ rows: number; at: number }> = [];
  const recording: DocumentStore = {
    ...store,
    append(entries) {
      appends.push({ rows: entries.length, at: performance.now() });
      return store.append(entries);
    },
  };
  return { recording, appends };
}

/** A document with updates to write: what a room hands the committer, and when each was stored. */
function documentOf(docName: string) {
  let pending: StoredUpdate[] = [];
  let inFlight: StoredUpdate[] = [];
  const stored: Array<{ id: number; at: number }> = [];
  const room: Committable = {
    docName,
    takePending: () => {
      inFlight = pending;
      pending = [];
      return inFlight;
    },
    committed: (ids) => {
      for (const id of ids) stored.push({ id, at: performance.now() });
    },
    failed: (error) => {
      throw error;
    },
    takeCompaction: () => null,
  };
  const write = (committer: Committer, byte: number) => {
    pending.push({ docName, update: new Uint8Array([byte]), authorId: null });
    committer.schedule(room);
  };
  return { room, stored, write };
}

describe('group commit by time', () => {
  it('the first update after a quiet spell is written at once; what follows within the window waits and goes in one commit', async () => {
    const { recording, appends } = recordingStore(fixture.store as unknown as DocumentStore);
    const windowMs = 60;
    const committer = new Committer(recording, () => {}, undefined, windowMs);
    const a = documentOf(fixture.docName);
    const started = performance.now();
    a.write(committer, 1);
    await sleep(5);
    expect(a.stored).toHaveLength(1);
    expect(a.stored[0]!.at - started).toBeLessThan(windowMs);

    // Three more, from two documents, while the window since that commit runs.
    const b = documentOf(fixture.docName);
    a.write(committer, 2);
    b.write(committer, 3);
    await sleep(5);
    a.write(committer, 4);
    expect(a.stored).toHaveLength(1);
    await committer.drain();
    expect(appends.map((x) => x.rows)).toEqual([1, 3]);
    expect([...a.stored, ...b.stored]).toHaveLength(4);
    // drain() writes at once; left alone, the batch would have waited for the window's end.
    const c = documentOf(fixture.docName);
    c.write(committer, 5);
    c.write(committer, 6);
    const since = performance.now();
    await sleep(5);
    expect(c.stored).toHaveLength(0);
    await sleep(windowMs);
    expect(c.stored).toHaveLength(2);
    expect(c.stored[0]!.at - since).toBeGreaterThanOrEqual(windowMs - 10);
    expect(appends.map((x) => x.rows)).toEqual([1, 3, 2]);

    // Quiet longer than the window: the next one is written at once again.
    await sleep(windowMs + 10);
    const d = documentOf(fixture.docName);
    const quietAt = performance.now();
    d.write(committer, 7);
    await sleep(5);
    expect(d.stored).toHaveLength(1);
    expect(d.stored[0]!.at - quietAt).toBeLessThan(windowMs / 2);
  });

  it('with no window, every event-loop turn commits what it gathered', async () => {
    const { recording, appends } = recordingStore(fixture.store as unknown as DocumentStore);
    const committer = new Committer(recording, () => {}, undefined, 0);
    const a = documentOf(fixture.docName);
    a.write(committer, 1);
    a.write(committer, 2);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    a.write(committer, 3);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(appends.map((x) => x.rows)).toEqual([2, 1]);
    expect(a.stored.map((s) => s.id)).toEqual([...a.stored.map((s) => s.id)].sort((x, y) => x - y));
  });
});
