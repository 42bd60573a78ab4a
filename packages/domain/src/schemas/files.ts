import { z } from 'zod';

export const StoredFileInfo = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  /** Sniffed from the bytes. */
  type: z.string(),
  sha256: z.string(),
  /** Where it is fetched from (readers of the document it went into). */
  url: z.string(),
});
export const FileResponse = z.object({ file: StoredFileInfo });

/** Files go into a document people write: the rich-text ones and the check-ins' notes. */
export const UPLOAD_DOCS = ['brief', 'deliverable', 'checkins', 'feedback'] as const;
export const UploadQuery = z.strictObject({ doc: z.enum(UPLOAD_DOCS).default('deliverable') });
export const FileParams = z.object({ id: z.string().min(1).max(64), fileId: z.string().min(1).max(64) });
export type FileInfo = z.infer<typeof StoredFileInfo>;
