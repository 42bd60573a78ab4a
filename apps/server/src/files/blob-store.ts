/**
 * Where uploaded bytes live, by SHA-256. One implementation today, in the database
 * (`createDatabaseBlobStore` in @stint/db); an S3-compatible one would stage a multipart upload
 * and copy it to its hash key on `finish`.
 */
export interface BlobStore {
  begin(): {
    readonly size: number;
    write(bytes: Uint8Array): Promise<void>;
    finish(): Promise<{ sha256: string; size: number }>;
    abort(): Promise<void>;
  };
  size(sha256: string): Promise<number | null>;
  /** Bytes `start` to `end` inclusive, or all of them. */
  read(sha256: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array>;
}
