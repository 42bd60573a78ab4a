import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { body } from './collab-clients.ts';

type Patch = [position: number, deleteCount: number, insert: string];

export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: Array<{ patches: Patch[] }>;
}

export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: Array<{ parents: number[]; agent: number; patches: Patch[] }>;
}

const DIR = join(import.meta.dirname, '../fixtures/traces');

export function loadTrace<T = SequentialTrace>(name: string): T {
  return JSON.parse(gunzipSync(readFileSync(join(DIR, `${name}.json.gz`))).toString('utf8')) as T;
}

export function applyPatches(text: Y.Text, patches: Patch[]): void {
  for (const [position, deleteCount, insert] of patches) {
    if (deleteCount > 0) text.delete(position, deleteCount);
    if (insert) text.insert(position, insert);
  }
}

/**
 * Replays a concurrent trace as its agents lived it: each agent edits its own document, which
 * holds exactly the merged history of the transaction's parents, so positions mean what they
 * meant. Every update an agent makes or merges is handed to `emit`, for that agent's client;
 * `own` says whether the agent made it. A merged one is another agent's: a real client receives
 * it from the server (and never sends it on as its own), so `emit` may wait until it has.
 */
export async function replayConcurrent(trace: ConcurrentTrace, emit: (agent: number, update: Uint8Array, own: boolean) => void | Promise<void>): Promise<void> {
  // Concurrent inserts at one spot are ordered by client id; the trace's endContent was
  // recorded with agent 0 before agent 1, so the ids must rise with the agent number.
  const docs = Array.from({ length: trace.numAgents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = agent + 1;
    // The paragraph the agents type into exists before anyone types (made inside an agent's
    // first transaction, Yjs orders some concurrent inserts differently from the recording).
    body(doc);
    return doc;
  });
  for (const [agent, doc] of docs.entries()) await emit(agent, Y.encodeStateAsUpdate(doc), true);
  const applied = docs.map(() => new Set<number>());
  const updates: Uint8Array[] = [];

  const include = async (agent: number, root: number) => {
    const stack = [root];
    while (stack.length > 0) {
      const txn = stack[stack.length - 1]!;
      if (applied[agent]!.has(txn)) {
        stack.pop();
        continue;
      }
      const missing = trace.txns[txn]!.parents.filter((p) => !applied[agent]!.has(p));
      if (missing.length > 0) {
        stack.push(...missing);
        continue;
      }
      Y.applyUpdate(docs[agent]!, updates[txn]!);
      applied[agent]!.add(txn);
      // The agent's client saw this merge before typing on top of it, as a real client would.
      await emit(agent, updates[txn]!, trace.txns[txn]!.agent === agent);
      stack.pop();
    }
  };

  for (const [index, txn] of trace.txns.entries()) {
    for (const parent of txn.parents) await include(txn.agent, parent);
    const doc = docs[txn.agent]!;
    const before = Y.encodeStateVector(doc);
    const text = body(doc);
    doc.transact(() => applyPatches(text, txn.patches));
    const update = Y.encodeStateAsUpdate(doc, before);
    updates[index] = update;
    applied[txn.agent]!.add(index);
    await emit(txn.agent, update, true);
  }
}

/** Resolves once `doc` holds everything `update` carries (it arrived from the server). */
export function whenHolds(doc: Y.Doc, update: Uint8Array): Promise<void> {
  const { to } = Y.parseUpdateMeta(update);
  const holds = () => [...to].every(([client, end]) => Y.getState(doc.store, client) >= end);
  if (holds()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!holds()) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}
