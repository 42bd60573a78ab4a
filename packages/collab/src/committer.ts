import type { DocumentStore, StoredUpdate } from './types.ts';

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
}

/**
 * Group commit: everything that arrived during one event-loop turn, across all documents, is
 * written in one transaction. While a write is in flight the next batch gathers, so a slow disk
 * makes batches bigger rather than queues longer.
 */
export class Committer {
  private readonly dirty = new Set<Committable>();
  private scheduled = false;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly store: DocumentStore,
    private readonly onError: (error: unknown, docName: string) => void,
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

  private readonly flushNow = () => this.flush();

  private flush(): void {
    this.scheduled = false;
    if (this.flushing || this.dirty.size === 0) return;
    const batches = [...this.dirty].map((room) => ({ room, entries: room.takePending() }));
    this.dirty.clear();
    const all = batches.flatMap((b) => b.entries);
    let written: number[] | Promise<number[]>;
    try {
      written = all.length > 0 ? this.store.append(all) : [];
    } catch (error) {
      this.failed(batches, error);
      return;
    }
    // A synchronous store (SQLite) relays in this very turn: no promise, no extra microtasks.
    if (Array.isArray(written)) this.committed(batches, written);
    else
      this.track(
        written.then(
          (ids) => this.committed(batches, ids),
          (error: unknown) => this.failed(batches, error),
        ),
      );
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

  private committed(batches: Batch[], ids: number[]): void | Promise<void> {
    let at = 0;
    for (const { room, entries } of batches) {
      room.committed(ids.slice(at, at + entries.length));
      at += entries.length;
    }
    const compactions = batches.flatMap(({ room }) => {
      const compaction = room.takeCompaction();
      return compaction ? [{ docName: room.docName, ...compaction }] : [];
    });
    if (compactions.length === 0) return;
    const compact = async () => {
      for (const { docName, fold, ids } of compactions) {
        try {
          await this.store.compact(docName, fold, ids);
        } catch (error) {
          // The log is still whole; compaction will be tried again past the next threshold.
          this.onError(error, docName);
        }
      }
    };
    // Called from a promise's reaction, the caller is already tracked and waits for this.
    const running = compact();
    if (!this.flushing) this.track(running);
    return running;
  }
}

type Batch = { room: Committable; entries: StoredUpdate[] };
