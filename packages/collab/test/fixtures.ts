// Shared by this package's tests only. It lives outside src/ because it opens a real store
// through @stint/db, which the document server itself never imports.
import { createDocumentStore } from '@stint/db';
import { type OpenedTestDatabase, openSqliteTestDatabase, seedProject } from '@stint/db/testing';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, SyncType } from '../src/protocol.ts';

/** A socket that records what the server sent it. */
export class TestSocket {
  sent: Uint8Array[] = [];
  closedWith: number | null = null;
  closeReason = '';
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close(code: number, reason = '') {
    this.closedWith = code;
    this.closeReason = reason;
  }
  /** Frames of one top-level message type. */
  ofType(type: number): Uint8Array[] {
    return this.sent.filter((f) => decoding.readVarUint(decoding.createDecoder(f)) === type);
  }
  /** The payloads of every sync step 2 and update received. */
  updates(): Uint8Array[] {
    return this.ofType(MessageType.sync).flatMap((f) => {
      const d = decoding.createDecoder(f);
      decoding.readVarUint(d);
      const kind = decoding.readVarUint(d);
      return kind === SyncType.step1 ? [] : [decoding.readVarUint8Array(d)];
    });
  }
  /** The text `t` of a document made of everything received. */
  text(): string {
    const doc = new Y.Doc();
    for (const u of this.updates()) Y.applyUpdate(doc, u);
    return doc.getText('t').toString();
  }
}

export interface DocFixture {
  opened: OpenedTestDatabase;
  store: ReturnType<typeof createDocumentStore>;
  docName: string;
  userId: string;
}

/** A fresh SQLite database with one user and one project; `docName` is its brief. */
export async function openDocFixture(): Promise<DocFixture> {
  const opened = await openSqliteTestDatabase();
  const { db } = opened.database;
  const { ownerId, projectId } = await seedProject(opened.database, 'Doc tests');
  return { opened, store: createDocumentStore(db, { sqlite: opened.database.sqlite }), docName: `${projectId}/brief`, userId: ownerId };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}
