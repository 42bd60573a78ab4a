import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';

export interface VersionSummary {
  id: string;
  kind: string;
  label: string;
  reason: string;
  sha256: string;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function insertVersions(
  db: Kysely<Database> | Transaction<Database>,
  rows: Array<{ projectId: string; kind: string; label: string; reason: string; state: Uint8Array; html?: string; authorId: string | null }>,
  now = Date.now(),
): Promise<string[]> {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({
    id: newId(),
    project_id: r.projectId,
    kind: r.kind,
    label: r.label,
    reason: r.reason,
    state: r.state,
    sha256: sha256Hex(r.state),
    html: r.html ?? null,
    author_id: r.authorId,
    created_at: now,
  }));
  await db.insertInto('doc_versions').values(values).execute();
  return values.map((v) => v.id);
}

function summaries(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('doc_versions')
    .leftJoin('users', 'users.id', 'doc_versions.author_id')
    .select([
      'doc_versions.id as id',
      'kind',
      'label',
      'reason',
      'sha256',
      'doc_versions.created_at as created_at',
      'users.id as author_id',
      'users.name as author_name',
    ])
    .where('project_id', '=', projectId);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

function toSummary(r: SummaryRow): VersionSummary {
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    reason: r.reason,
    sha256: r.sha256,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

export async function listVersions(db: Kysely<Database>, projectId: string, kind: string): Promise<VersionSummary[]> {
  const rows = await summaries(db, projectId).where('kind', '=', kind).orderBy('doc_versions.created_at', 'desc').orderBy('doc_versions.id').execute();
  return rows.map(toSummary);
}

export async function findVersionSummary(db: Kysely<Database>, projectId: string, versionId: string): Promise<VersionSummary | undefined> {
  const row = await summaries(db, projectId).where('doc_versions.id', '=', versionId).executeTakeFirst();
  return row && toSummary(row);
}

export async function findVersion(db: Kysely<Database>, projectId: string, versionId: string) {
  const row = await db.selectFrom('doc_versions').selectAll().where('project_id', '=', projectId).where('id', '=', versionId).executeTakeFirst();
  return row && { id: row.id, kind: row.kind, label: row.label, state: new Uint8Array(row.state), sha256: row.sha256, html: row.html };
}
