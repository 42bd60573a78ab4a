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
 * Group commit: everything that arrived during one event-loop turn, across all documents, is
 * written in one transaction. While a write is in flight the next batch gathers, so a slow disk
 * makes batches bigger rather than queues longer.
 *
 * Compactions queue apart from commits and run one per event-loop turn: each costs milliseconds
 * (encode, merge, a transaction with its fsync), and when many rooms cross the threshold together
 * — after a restart, say — running them back to back, or making the next commit wait for them,
 * held every delivery up for all of them (100 rooms: 350–460 ms). Now a commit, and its relay,
 * waits for one compaction at most.
 */
export class Committer {
  private readonly dirty = new Set<Committable>();
  private scheduled = false;
  private flushing: Promise<void> | null = null;
  private readonly compactions: Array<Compaction & { docName: string }> = [];
  private compacting: Promise<void> | null = null;

  constructor(
    private readonly store: DocumentStore,
    private readonly onError: (error: unknown, docName: string) => void,
    private readonly metrics: CollabMetrics = NO_METRICS,
  ) {}

  schedule(room: Committable): void {
    this.dirty.add(room);
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(this.flushNow);
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
    this.scheduled = false;
    if (this.flushing || this.dirty.size === 0) return;
    const batches = [...this.dirty].map((room) => ({ room, entries: room.takePending() }));
    this.dirty.clear();
    const all = batches.flatMap((b) => b.entries);
    const started = performance.now();
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
      if (this.dirty.size > 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushNow);
      }
    });
  }

  private failed(batches: Batch[], error: unknown): void {
    for (const { room } of batches) room.failed(error);
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
  }

  /** One compaction per turn, so commits and relays run between them; never awaited by a commit. */
  private async compactQueued(): Promise<void> {
    for (let next = this.compactions.shift(); next; next = this.compactions.shift()) {
      await new Promise((resolve) => setImmediate(resolve));
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
