import { testDatabaseTargets } from '@stint/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectProvider, eventually, whenSynced, writeMarker } from '../support/collab-clients.ts';
import { freshPostgresDatabase } from '../support/postgres-database.ts';
import { type StintProcess, startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';

const targets = await testDatabaseTargets();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Check-in ids: each writer adds numbered check-ins as fast as it can. */
const entries = (doc: Y.Doc) =>
  doc
    .getArray<Y.Map<unknown>>('entries')
    .toArray()
    .map((e) => String(e.get('id')));

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`SIGKILL mid-burst (${target.dialect})`, () => {
    it('loses nothing any client had received: after a restart every relayed update is there', async () => {
      const env: Record<string, string> = {};
      if (target.dialect === 'postgres') {
        const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!);
        cleanups.push(fresh.drop);
        env.DATABASE_URL = fresh.url;
      }
      const first: StintProcess = await startStint(env);
      const ws = await setupWorkspace(first.url);
      const docName = `${ws.projectId}/checkins`;

      const writers = [ws.student, ws.mentor].map((who, n) => ({ name: `w${n}`, ...connectProvider(first.url, docName, who.token) }));
      const observer = connectProvider(first.url, docName, ws.viewer.token);
      await Promise.all([...writers, observer].map((c) => whenSynced(c.provider)));

      // Each writer appends numbered entries as fast as a timer allows; the server dies mid-way.
      let writing = true;
      const loops = writers.map(async (w) => {
        for (let i = 0; writing; i++) {
          writeMarker(w.doc, 'checkins', `${w.name}-${i}`);
          await new Promise((r) => setTimeout(r, 1));
        }
      });
      await eventually(() => expect(entries(observer.doc).length).toBeGreaterThan(150), 10_000, 5);
      await first.stop('SIGKILL');
      writing = false;
      await Promise.all(loops);

      // What each client had received from the server, captured before anything reconnects.
      const seenByObserver = new Set(entries(observer.doc));
      const seenByWriters = writers.map((w) => new Set(entries(w.doc).filter((e) => !e.startsWith(`${w.name}-`))));
      for (const c of [...writers, observer]) c.provider.destroy();
      expect(seenByObserver.size).toBeGreaterThan(150);

      const second = await startStint({ ...env, DATA_DIR: first.dataDir });
      cleanups.push(() => second.dispose());
      const reader = connectProvider(second.url, docName, ws.viewer.token);
      await whenSynced(reader.provider);
      const stored = new Set(entries(reader.doc));
      reader.provider.destroy();

      const missing = [...seenByObserver, ...seenByWriters.flatMap((s) => [...s])].filter((e) => !stored.has(e));
      expect(missing).toEqual([]);
      // Each writer's entries survive as a gap-free prefix: nothing in the middle went missing.
      for (const w of writers) {
        const mine = [...stored].filter((e) => e.startsWith(`${w.name}-`)).map((e) => Number(e.split('-')[1]));
        expect(mine.length).toBeGreaterThan(0);
        expect(Math.max(...mine)).toBe(mine.length - 1);
      }
    });
  });
}
