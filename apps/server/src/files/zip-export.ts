import type { StoredFile } from '@stint/db';
import { cleanFileName } from '@stint/domain';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { BlobStore } from './blob-store.ts';

/** Names inside the zip: each file under `files/`, a second `data.csv` as `data (2).csv`. */
export function zipNames(files: readonly StoredFile[]): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const file of files) {
    // Names stored before uploads were cleaned as they are now are cleaned on the way out.
    const clean = cleanFileName(file.name) ?? 'file';
    const dot = clean.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [clean.slice(0, dot), clean.slice(dot)] : [clean, ''];
    let name = clean;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem} (${n})${ext}`;
    taken.add(name.toLowerCase());
    names.set(file.id, `files/${name}`);
  }
  return names;
}

/**
 * The workspace as a zip, streamed: the texts first, then each file's bytes as they are read
 * from the store (stored, not recompressed: images and office files are compressed already),
 * then SHA256SUMS so the files can be checked against the portfolio record.
 */
export function workspaceZip(input: {
  texts: ReadonlyArray<{ name: string; content: string }>;
  files: readonly StoredFile[];
  names: ReadonlyMap<string, string>;
  blobs: BlobStore;
}): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const zip = new Zip((error, chunk) => {
        if (error) controller.error(error);
        else controller.enqueue(chunk);
      });
      const text = (name: string, content: string) => {
        const entry = new ZipDeflate(name, { level: 6 });
        zip.add(entry);
        entry.push(new TextEncoder().encode(content), true);
      };
      try {
        for (const t of input.texts) text(t.name, t.content);
        for (const file of input.files) {
          const entry = new ZipPassThrough(input.names.get(file.id)!);
          entry.mtime = new Date(file.createdAt);
          zip.add(entry);
          for await (const chunk of input.blobs.read(file.sha256)) entry.push(chunk);
          entry.push(new Uint8Array(0), true);
        }
        text('SHA256SUMS', input.files.map((f) => `${f.sha256}  ${input.names.get(f.id)}\n`).join(''));
        zip.end();
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
