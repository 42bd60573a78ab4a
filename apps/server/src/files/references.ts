import { listFiles, type StintDatabase, type StoredFile } from '@stint/db';
import { fileUrl, PROJECT_FILE_URLS } from '@stint/domain';

/** The ids of every uploaded file a rendering links (the schema lets no other kind of URL be a file). */
function fileIdsIn(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((t) => [...t.matchAll(PROJECT_FILE_URLS)].map((m) => m[1]!)))];
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
