/**
 * How to write a group commit's batch to SQLite (WAL, synchronous FULL, as Stint opens it): one
 * prepared insert per update, one multi-row insert per batch, or the batch's updates merged per
 * room (`Y.mergeUpdates`) with one row each. Keystroke-sized updates spread over many rooms, as
 * the soak types them, and over one room; CPU per update of the writing thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import * as Y from 'yjs';

export interface CommitShapeResult {
  shape: string;
  batch: number;
  roomsPerBatch: number;
  usPerUpdate: number;
  rowsPerBatch: number;
}

type Entry = { room: string; update: Uint8Array };

function keystrokes(rooms: number, perRoom: number): Entry[][] {
  // Real Yjs updates: one client per room typing one character each time.
  const byRoom = Array.from({ length: rooms }, (_, r) => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getXmlFragment('default');
    const paragraph = new Y.XmlText();
    text.insert(0, [paragraph]);
    updates.length = 0;
    for (let i = 0; i < perRoom; i++) paragraph.insert(i, 'x');
    return updates.map((update) => ({ room: `room-${r}`, update }));
  });
  return byRoom;
}

function open(dir: string) {
  const db = new SQLite(join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'create table doc_updates (id integer primary key autoincrement, project_id text not null, kind text not null, data blob not null, author_id text, created_at integer not null)',
  );
  return db;
}

export function commitShapesBench(batches = 400): CommitShapeResult[] {
  const results: CommitShapeResult[] = [];
  const cases = [
    { batch: 1, rooms: 1 },
    { batch: 5, rooms: 5 },
    { batch: 20, rooms: 20 },
    { batch: 20, rooms: 1 },
    { batch: 100, rooms: 100 },
  ];
  for (const { batch, rooms } of cases) {
    const perRoom = (batch / rooms) * batches;
    const source = keystrokes(rooms, perRoom);
    // Batch i holds the i-th slice of every room's updates.
    const perRoomInBatch = batch / rooms;
    const batchAt = (i: number) => source.flatMap((updates) => updates.slice(i * perRoomInBatch, (i + 1) * perRoomInBatch));
    for (const shape of ['insert per update', 'multi-row insert', 'merged per room'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'stint-commit-'));
      const db = open(dir);
      const one = db.prepare('insert into doc_updates (project_id, kind, data, author_id, created_at) values (?, ?, ?, ?, ?)');
      const many = new Map<number, SQLite.Statement>();
      const multi = (n: number) => {
        let statement = many.get(n);
        if (!statement) {
          const values = Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ');
          statement = db.prepare(`insert into doc_updates (project_id, kind, data, author_id, created_at) values ${values} returning id`);
          many.set(n, statement);
        }
        return statement;
      };
      const write = db.transaction((entries: Entry[]) => {
        if (shape === 'insert per update') return entries.map((e) => Number(one.run(e.room, 'deliverable', e.update, 'u', 1).lastInsertRowid));
        let rows = entries;
        if (shape === 'merged per room') {
          const grouped = new Map<string, Uint8Array[]>();
          for (const e of entries) grouped.set(e.room, [...(grouped.get(e.room) ?? []), e.update]);
          rows = [...grouped].map(([room, updates]) => ({ room, update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates) }));
        }
        const params = rows.flatMap((e) => [e.room, 'deliverable', e.update, 'u', 1]);
        return (multi(rows.length).all(...params) as Array<{ id: number }>).map((r) => r.id);
      });
      let rowsWritten = 0;
      const started = process.cpuUsage();
      for (let i = 0; i < batches; i++) rowsWritten += write(batchAt(i)).length;
      const used = process.cpuUsage(started);
      results.push({
        shape,
        batch,
        roomsPerBatch: rooms,
        usPerUpdate: (used.user + used.system) / (batches * batch),
        rowsPerBatch: rowsWritten / batches,
      });
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export function commitShapesTable(results: CommitShapeResult[]): string {
  const lines = ['| updates per commit | rooms in it | shape | rows per commit | CPU µs per update | vs insert per update |', '|---:|---:|---|---:|---:|---:|'];
  for (const r of results) {
    const base = results.find((b) => b.batch === r.batch && b.roomsPerBatch === r.roomsPerBatch && b.shape === 'insert per update')!;
    lines.push(
      `| ${r.batch} | ${r.roomsPerBatch} | ${r.shape} | ${r.rowsPerBatch} | ${r.usPerUpdate.toFixed(1)} | ${(r.usPerUpdate / base.usPerUpdate).toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}
