import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { authorRows, type DocumentEntry, splitName } from './document-entries.ts';

/**
 * The document server's appends on SQLite, committed by a worker thread with a connection of its
 * own. On the main thread every commit's fsync (synchronous = FULL: ~0.17 ms a commit on the
 * machine measured, 13x an unsynced one) stopped every room's relaying with it; here the main
 * thread decodes, applies and relays while the disk works, and the Committer gathers the next
 * batch meanwhile (one batch in flight: it never sends another before the answer). WAL lets the
 * main connection read while this one writes; writers take turns on SQLite's lock.
 *
 * An answer comes only after COMMIT returned, so "stored before relayed" holds as before.
 */
export interface DocumentWriterThread {
  append(entries: readonly DocumentEntry[], now: number): Promise<number[]>;
  /** Waits for what was handed over, then ends the thread. */
  close(): Promise<void>;
}

/** What crosses to the thread: plain rows, the names already split and checked here. */
interface Job {
  id: number;
  now: number;
  rows: Array<[projectId: string, kind: string, data: Uint8Array, authorId: string | null]>;
  claims: Array<[projectId: string, kind: string, client: number, authorId: string]>;
}
type Answer = { id: number; ids: number[] } | { id: number; error: { message: string; code?: string } };

// Plain JavaScript, evaluated as the worker: a function's source would carry whatever the bundler
// wraps functions in (esbuild's __name), which exists only in the main bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('foreign_keys = ON');
db.pragma('synchronous = ' + workerData.synchronous);
// No busy handler: SQLite's backs off up to 100 ms a try, long after the lock came free.
db.pragma('busy_timeout = 0');
const insert = db.prepare('insert into doc_updates (project_id, kind, data, author_id, created_at) values (?, ?, ?, ?, ?)');
const claim = db.prepare('insert or ignore into doc_authors (project_id, kind, client_id, author_id) values (?, ?, ?, ?)');
const write = db.transaction((job) => {
  for (const c of job.claims) claim.run(c[0], c[1], c[2], c[3]);
  return job.rows.map((r) => Number(insert.run(r[0], r[1], r[2], r[3], job.now).lastInsertRowid));
});
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', (job) => {
  if (job === 'close') { db.close(); parentPort.close(); return; }
  for (;;) {
    try {
      // IMMEDIATE: the write lock at BEGIN, so a busy lock is waited for before anything is done.
      parentPort.postMessage({ id: job.id, ids: write.immediate(job) });
      return;
    } catch (error) {
      // A main-thread transaction holds the lock: try again in half a millisecond, however long
      // it takes (a document write is never given up for being slow; the main thread's waited too).
      if (error && error.code === 'SQLITE_BUSY') { Atomics.wait(pause, 0, 0, 0.5); continue; }
      parentPort.postMessage({ id: job.id, error: { message: String(error && error.message), code: error && error.code } });
      return;
    }
  }
});
`;

export function documentWriterThread(file: string, synchronous: 'full' | 'normal'): DocumentWriterThread {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve(ids: number[]): void; reject(error: Error): void }>();
  let exited: Promise<void> = Promise.resolve();

  /** Started on the first append: a process that never serves a document never starts it. */
  const started = (): Worker => {
    if (worker) return worker;
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, synchronous: synchronous === 'normal' ? 'NORMAL' : 'FULL' } });
    w.on('message', (answer: Answer) => {
      const waiter = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (waiting.size === 0) w.unref();
      if (!waiter) return;
      if ('ids' in answer) waiter.resolve(answer.ids);
      else waiter.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    });
    const gone = (error: Error) => {
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
      worker = null;
    };
    w.on('error', gone);
    exited = new Promise((resolve) => w.once('exit', () => resolve()));
    w.once('exit', () => gone(new Error('The document writer thread ended')));
    worker = w;
    return w;
  };

  return {
    append(entries, now) {
      const job: Job = {
        id: nextId++,
        now,
        rows: entries.map((e) => {
          const { projectId, kind } = splitName(e.docName);
          return [projectId, kind, e.update, e.authorId];
        }),
        claims: authorRows(entries).map((r) => [r.project_id, r.kind, r.client_id, r.author_id]),
      };
      return new Promise((resolve, reject) => {
        const w = started();
        // Referenced while a write is out (a process must not end with one unanswered), not while
        // idle: the thread alone must not keep alive a process that has nothing else to do.
        if (waiting.size === 0) w.ref();
        waiting.set(job.id, { resolve, reject });
        w.postMessage(job);
      });
    },
    async close() {
      if (!worker) return;
      // Jobs are handled in order: the thread ends after answering every earlier one.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
