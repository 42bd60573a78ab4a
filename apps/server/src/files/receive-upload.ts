import { type DomainError, invalid } from '@stint/domain';
import { discardRest } from '../http/discard-body.ts';
import type { BlobStore } from './blob-store.ts';
import { SNIFF_BYTES, sniffFileType } from './sniff.ts';

export interface UploadLimit {
  bytes: number;
  /** What the caller hears when a body passes `bytes`. */
  refuse: () => DomainError;
}

/**
 * Streams a request body into the blob store: the type is sniffed from the first bytes before
 * anything is stored, the size is counted as it arrives and the upload is dropped the moment it
 * passes the limit. At most one chunk of the store plus the sniffing sample is held in memory,
 * whatever the body's size. On any refusal nothing stays stored; the body's unread rest is read and
 * dropped (up to `discardBytes`, then the connection is cut), so the client hears why.
 */
export async function receiveUpload(
  blobs: BlobStore,
  body: ReadableStream<Uint8Array> | null,
  input: { name: string; limit: UploadLimit; discardBytes: number },
): Promise<{ sha256: string; size: number; type: string }> {
  if (!body) throw invalid('empty_file', 'The file is empty.');
  const reader = body.getReader();
  const upload = blobs.begin();
  try {
    // Gather the sample first: nothing is written before the type is known to be allowed.
    const sample: Uint8Array[] = [];
    let sampled = 0;
    let done = false;
    while (sampled < SNIFF_BYTES) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      sample.push(next.value);
      sampled += next.value.byteLength;
      if (sampled > input.limit.bytes) throw input.limit.refuse();
    }
    if (sampled === 0) throw invalid('empty_file', 'The file is empty.');
    const head = Buffer.concat(sample);
    const type = await sniffFileType(head.subarray(0, SNIFF_BYTES), input.name, done);
    await upload.write(head);
    while (!done) {
      const next = await reader.read();
      if (next.done) break;
      if (upload.size + next.value.byteLength > input.limit.bytes) throw input.limit.refuse();
      await upload.write(next.value);
    }
    const stored = await upload.finish();
    return { ...stored, type };
  } catch (error) {
    await upload.abort();
    await discardRest(reader, input.discardBytes);
    throw error;
  }
}
