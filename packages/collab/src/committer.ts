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
  takeCompaction(): { state: Uint8Array; upToId: number } | null;
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
    setImmediate(() => void this.flush());
  }

  /** Resolves once everything scheduled so far is on disk (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing || this.dirty.size > 0) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  private flush(): Promise<void> {
    this.scheduled = false;
    if (this.flushing || this.dirty.size === 0) return this.flushing ?? Promise.resolve();
    const rooms = [...this.dirty];
    this.dirty.clear();
    this.flushing = this.write(rooms).finally(() => {
      this.flushing = null;
      if (this.dirty.size > 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
    return this.flushing;
  }

  private async write(rooms: Committable[]): Promise<void> {
    const batches = rooms.map((room) => ({ room, entries: room.takePending() }));
    const all = batches.flatMap((b) => b.entries);
    let ids: number[];
    try {
      ids = all.length > 0 ? await this.store.append(all) : [];
    } catch (error) {
      for (const { room } of batches) room.failed(error);
      return;
    }
    let at = 0;
    for (const { room, entries } of batches) {
      room.committed(ids.slice(at, at + entries.length));
      at += entries.length;
    }
    for (const { room } of batches) {
      const compaction = room.takeCompaction();
      if (!compaction) continue;
      try {
        await this.store.compact(room.docName, compaction.state, compaction.upToId);
      } catch (error) {
        // The log is still whole; compaction will be tried again past the next threshold.
        this.onError(error, room.docName);
      }
    }
  }
}
