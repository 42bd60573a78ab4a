import * as Y from 'yjs';
import type { Origin } from './peer.ts';
import type { StoredUpdate } from './types.ts';

/** One update on its way to disk. */
export interface PendingWrite extends StoredUpdate {
  origin: Origin;
  /** Server changes are in the document already; client updates go in only once stored. */
  inDocument: boolean;
  /** What to relay, when the client's own frame is already exactly that message. */
  message: Uint8Array | null;
  /** Where each Yjs client's structs in this update end, for "saved up to". */
  to: Map<number, number> | null;
}

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/**
 * A room's writes between being accepted and being on disk: what waits for the next commit,
 * what the commit in flight holds, who waits for either, and what is durable so far (the
 * "saved up to" state vector). The room decides what to write and relays what was written;
 * this only keeps the books, so the room's own state is its document and its people.
 */
export class RoomWrites {
  private pending: PendingWrite[] = [];
  private inFlight: PendingWrite[] = [];
  private inFlightWaiters: Waiter[] = [];
  private nextWaiters: Waiter[] = [];
  /** Server changes in the document but not yet on disk. */
  private aheadOfDisk = 0;
  /** Sync answers waiting for aheadOfDisk to reach 0: no client reads what is not on disk. */
  private answers: Array<() => void> = [];
  /** Per Yjs client, the clock up to which its structs are on disk. */
  private readonly durable = new Map<number, number>();

  get isQuiet(): boolean {
    return this.pending.length === 0 && this.inFlight.length === 0;
  }

  /** What is durable when the room opens: everything it restored. */
  startDurableAt(stateVector: ReadonlyMap<number, number>): void {
    this.durable.clear();
    for (const [client, clock] of stateVector) this.durable.set(client, clock);
  }

  add(write: PendingWrite): void {
    if (write.inDocument) this.aheadOfDisk += 1;
    this.pending.push(write);
  }

  /** Client updates accepted but not yet in the document (they go in once stored), oldest first. */
  notInDocument(): Uint8Array[] {
    return [...this.inFlight, ...this.pending].filter((w) => !w.inDocument).map((w) => w.update);
  }

  /** Resolves once what is pending now is on disk; at once when nothing is. */
  whenWritten(): Promise<void> {
    if (this.isQuiet) return Promise.resolve();
    return new Promise((resolve, reject) => this.nextWaiters.push({ resolve, reject }));
  }

  /** Answers now if the document holds nothing that is not on disk, else once it doesn't. */
  answerWhenDurable(answer: () => void): void {
    if (this.aheadOfDisk === 0) answer();
    else this.answers.push(answer);
  }

  /** The highest clock of `client` among writes not yet on disk (two people may send the same structs). */
  pendingClock(client: number): number {
    let clock = 0;
    for (const write of this.inFlight) clock = Math.max(clock, write.to?.get(client) ?? 0);
    for (const write of this.pending) clock = Math.max(clock, write.to?.get(client) ?? 0);
    return clock;
  }

  /** Hands the pending writes to a commit. */
  take(): StoredUpdate[] {
    this.inFlight = this.pending;
    this.pending = [];
    this.inFlightWaiters = this.nextWaiters;
    this.nextWaiters = [];
    return this.inFlight;
  }

  /**
   * The commit in flight is on disk: hands its writes back (to relay) after counting them
   * durable; `wantsAcks` also advances the "saved up to" vector. Waiters resolve after `relay`.
   */
  committed(relay: (written: readonly PendingWrite[]) => void, wantsAcks: boolean): void {
    const done = this.inFlight;
    this.inFlight = [];
    for (const write of done) if (write.inDocument) this.aheadOfDisk -= 1;
    if (wantsAcks) {
      for (const write of done) {
        // parseUpdateMeta's `to` is where each client's structs in this update end; a state
        // vector read from an incremental update would only count runs that start at clock 0.
        for (const [client, clock] of write.to ?? Y.parseUpdateMeta(write.update).to) {
          if ((this.durable.get(client) ?? 0) < clock) this.durable.set(client, clock);
        }
      }
    }
    relay(done);
    for (const waiter of this.inFlightWaiters.splice(0)) waiter.resolve();
    if (this.aheadOfDisk === 0) for (const answer of this.answers.splice(0)) answer();
  }

  /** Storing failed: nothing pending or in flight will be written; everyone waiting hears why. */
  failed(error: unknown): void {
    for (const waiter of [...this.inFlightWaiters.splice(0), ...this.nextWaiters.splice(0)]) waiter.reject(error);
    this.inFlight = [];
    this.pending = [];
  }

  /** Per Yjs client, the clock up to which its structs are on disk. */
  get durableVector(): ReadonlyMap<number, number> {
    return this.durable;
  }
}
