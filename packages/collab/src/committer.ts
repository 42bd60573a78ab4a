import { type CollabMetrics, type DocumentStore, NO_METRICS, type StoredUpdate } from './types.ts';

export interface Committable {
  readonly docName: string;
  /** Hands over everything applied but not yet stored, and marks it in flight. */
  takePending(): StoredUpdate[];
  /** The entries taken last are on disk, with these ids. */
  committed(ids: number[]): void;
  /** Storing them failed: nothing taken may be relayed. */
  failed(error: unknown): void;
  /** A compaction to run after this commit, if the log has grown past its threshold. */
  takeCompaction(): Compaction | null;
}

/** What DocumentStore.compact takes: how to fold the stored snapshot, and which rows go. */
export interface Compaction {
  fold: (snapshot: Uint8Array | null) => Uint8Array;
  ids: number[];
  /** True once running it makes no sense any more (the room was unloaded): it is dropped. */
  cancelled?: () => boolean;
}

/**
 * Group commit by time, across documents: a commit goes at most once per `windowMs`. The first
 * update after a quiet spell is written at once (in its own event-loop turn, with whatever else
 * arrived in it); while commits come faster than the window, the next batch gathers until the
 * window since the last one has passed — and while a write is in flight it gathers anyway, so a
 * slow disk makes batches bigger rather than queues longer. A commit's cost is mostly its own
 * (BEGIN/COMMIT with an fsync), not its rows', so fewer, larger commits are what make storing
 * every update before relaying it cheap; the window bounds what that adds to a delivery.
 *
 * Compactions queue apart from commits and run one per event-loop turn: each costs milliseconds
 * (encode, merge, a transaction with its fsync), and when many rooms cross the threshold together
 * — after a restart, say — running them back to back, or making the next commit wait for them,
 * held every delivery up for all of them (100 rooms: 350–460 ms). Now a commit, and its relay,
 * waits for one compaction at most.
 */
export class Committer {
  private readonly dirty = new Set<Committable>();
  /** The timer or immediate of the next flush, if one is due. */
  private timer: { cancel(): void } | null = null;
  /** When the last commit started (performance.now()), for the window. */
  private lastStarted = Number.NEGATIVE_INFINITY;
  private flushing: Promise<void> | null = null;
  private readonly compactions: Array<Compaction & { docName: string }> = [];
  private compacting: Promise<void> | null = null;
  /** Compactions waiting for the commit that was planned when they were due. */
  private readonly afterCommit: Array<() => void> = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly onError: (error: unknown, docName: string) => void,
    private readonly metrics: CollabMetrics = NO_METRICS,
    /** At most one commit per this many ms (0: one per event-loop turn). */
    private readonly windowMs = 0,
  ) {}

  schedule(room: Committable): void {
    this.dirty.add(room);
    if (this.timer || this.flushing) return;
    this.plan();
  }

  /** The next flush: this turn's end if the window since the last commit has passed, else when it does. */
  private plan(): void {
    const wait = this.lastStarted + this.windowMs - performance.now();
    if (wait < 1) {
      const immediate = setImmediate(this.flushNow);
      this.timer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(this.flushNow, wait);
      this.timer = { cancel: () => clearTimeout(timeout) };
    }
  }

  /** Resolves once everything scheduled so far is on disk (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing || this.dirty.size > 0) {
      if (this.flushing) await this.flushing;
      else this.flush();
    }
  }

  /** Resolves once every commit and every queued compaction is done (before the store closes). */
  async idle(): Promise<void> {
    await this.drain();
    while (this.compacting) await this.compacting;
  }

  private readonly flushNow = () => this.flush();

  private flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.flushing || this.dirty.size === 0) return;
    const batches = [...this.dirty].map((room) => ({ room, entries: room.takePending() }));
    this.dirty.clear();
    const all = batches.flatMap((b) => b.entries);
    const started = performance.now();
    this.lastStarted = started;
    const measured = (ids: number[]) => {
      if (all.length > 0) this.metrics.committed(all.length, (performance.now() - started) / 1000);
      this.committed(batches, ids);
    };
    let written: number[] | Promise<number[]>;
    try {
      written = all.length > 0 ? this.store.append(all) : [];
    } catch (error) {
      this.failed(batches, error);
      return;
    }
    // A synchronous store (SQLite) relays in this very turn: no promise, no extra microtasks.
    if (Array.isArray(written)) measured(written);
    else this.track(written.then(measured, (error: unknown) => this.failed(batches, error)));
  }

  /** While a write or compaction is in flight the next batch gathers; it goes once this settles. */
  private track(work: Promise<void>): void {
    this.flushing = work.finally(() => {
      this.flushing = null;
      if (this.dirty.size > 0 && !this.timer) this.plan();
    });
  }

  private failed(batches: Batch[], error: unknown): void {
    for (const { room } of batches) room.failed(error);
    this.wakeAfterCommit();
  }

  private wakeAfterCommit(): void {
    for (const wake of this.afterCommit.splice(0)) wake();
  }

  private committed(batches: Batch[], ids: number[]): void {
    let at = 0;
    for (const { room, entries } of batches) {
      room.committed(ids.slice(at, at + entries.length));
      at += entries.length;
    }
    for (const { room } of batches) {
      const compaction = room.takeCompaction();
      if (compaction) this.compactions.push({ docName: room.docName, ...compaction });
    }
    if (this.compactions.length > 0) this.compacting ??= this.compactQueued();
    this.wakeAfterCommit();
  }

  /**
   * One compaction per turn, so commits and relays run between them; never awaited by a commit.
   * While a commit is planned, the next compaction waits for it: a delivery waits for one
   * compaction at most, however many turns its commit's window spans.
   */
  private async compactQueued(): Promise<void> {
    for (let next = this.compactions.shift(); next; next = this.compactions.shift()) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timer || this.flushing) await new Promise<void>((resolve) => this.afterCommit.push(resolve));
      if (next.cancelled?.()) continue;
      try {
        const started = performance.now();
        await this.store.compact(next.docName, next.fold, next.ids);
        this.metrics.compacted((performance.now() - started) / 1000);
      } catch (error) {
        // The log is still whole; compaction will be tried again past the next threshold.
        this.onError(error, next.docName);
      }
    }
    this.compacting = null;
  }
}

type Batch = { room: Committable; entries: StoredUpdate[] };
