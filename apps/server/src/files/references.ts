import { listFiles, type StintDatabase, type StoredFile } from '@stint/db';
import { fileUrl } from '@stint/domain';

/** Every uploaded-file URL in a rendering (the schema lets no other kind of URL be a file). */
const FILE_URLS = /\/api\/projects\/[A-Za-z0-9_-]{1,64}\/files\/([A-Za-z0-9_-]{1,64})/g;

function fileIdsIn(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((t) => [...t.matchAll(FILE_URLS)].map((m) => m[1]!)))];
}

/**
 * The project's files that `texts` (renderings) show and that were uploaded into one of `docs`:
 * a file of the feedback shown in the deliverable stays out for whoever may read only the latter.
 */
export async function filesShownIn(database: StintDatabase, projectId: string, texts: readonly string[], docs: readonly string[]): Promise<StoredFile[]> {
  return (await listFiles(database.db, projectId, fileIdsIn(texts))).filter((f) => docs.includes(f.doc));
}

/** A rendering with each file's URL (of `projectId`) replaced by `targets`' value for its id. */
export function repointFiles(text: string, projectId: string, targets: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [id, target] of targets) out = out.split(fileUrl(projectId, id)).join(target);
  return out;
}
