import { createHash } from 'node:crypto';
import {
  findHolderDid,
  freeStatusBit,
  insertPortfolioItem,
  listEvents,
  listMembers,
  listVersions,
  moveProject,
  newId,
  type StintDatabase,
  workLogTotal,
} from '@stint/db';
import { decideTransition, type Project, portfolioFileUrl, type Role, statusListPath, type User, VERSIONED_KINDS } from '@stint/domain';
import type { JsonObject } from '@stint/export';
import { filesShownIn, repointFiles } from '../files/references.ts';
import type { Issuer } from '../issuer.ts';
import type { Renderer } from '../renderer.ts';
import { followMove } from './follow-move.ts';
import { completionOf } from './review-state.ts';

export interface IssuePortfolioItemDeps {
  database: StintDatabase;
  renderer: Renderer;
  issuer: Issuer;
  /** Who wrote how much of the deliverable (from the update log). */
  contribution: (projectId: string) => Promise<Array<{ name: string; role: string; share: number }>>;
}

/**
 * Turns a completed project into its student's signed portfolio item: the credential (the
 * rendered deliverable and feedback, the rating, who contributed what, the deliverable's files,
 * and a content hash over the Completed versions and those files' SHA-256), signed, stored together with the project's move to archived — both
 * or neither. The caller re-authorizes the project's sockets after.
 */
export async function issuePortfolioItem(
  deps: IssuePortfolioItemDeps,
  input: { project: Project; role: Role | null; student: User; baseUrl: string },
): Promise<{ itemId: string; credential: JsonObject & { proof: JsonObject } }> {
  const { project } = input;
  const events = await listEvents(deps.database.db, project.id);
  const completion = completionOf(events);
  const accepted = events.find((e) => e.action === 'accept');
  const rating = completion?.rating ?? { skills: {}, wouldWorkAgain: false };
  const [deliverable, feedback] = await Promise.all((['deliverable', 'feedback'] as const).map((kind) => deps.renderer.current(project.id, kind)));
  const archived = await Promise.all(
    VERSIONED_KINDS.map(
      async (kind) => [kind, (await listVersions(deps.database.db, project.id, kind)).find((v) => v.reason === 'complete')?.sha256 ?? ''] as const,
    ),
  );
  const itemId = newId();
  // The deliverable's files go with it, public like the page, each hash inside the content hash.
  const files = await filesShownIn(deps.database, project.id, [deliverable!.html], ['deliverable']);
  const attachments = files.map((f) => ({
    id: f.id,
    name: f.name,
    type: f.type,
    size: f.size,
    sha256: f.sha256,
    url: `${input.baseUrl}${portfolioFileUrl(itemId, f.id)}`,
  }));
  const contentHash = createHash('sha256')
    .update([...archived.map(([k, h]) => `${k}:${h}`), ...attachments.map((a) => `file:${a.id}:${a.sha256}`)].join('\n'))
    .digest('hex');
  const shown = new Map(files.map((f) => [f.id, portfolioFileUrl(itemId, f.id)]));
  const employer = (await listMembers(deps.database.db, project.id)).find((m) => m.role === 'employer');
  // Its bit in the revocation list; the unique index turns a race for the same bit into a 409 to retry.
  const status = await freeStatusBit(deps.database.db);
  // The credential code (JSON-LD, Data Integrity) loads when the first item is issued.
  const { emailIdentity, portfolioCredential, revocationEntry, signRdfc } = await import('@stint/export');
  const unsigned = portfolioCredential({
    itemId,
    baseUrl: input.baseUrl,
    issuer: { did: deps.issuer.key.did, name: 'Stint' },
    issuedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    project: {
      title: project.title,
      summary: project.summary,
      skills: project.skills,
      estimatedHours: project.estimatedHours,
      startedAt: accepted?.createdAt ?? project.createdAt,
      completedAt: completion?.at ?? new Date().toISOString(),
    },
    minutesLogged: await workLogTotal(deps.database.db, project.id),
    employer: { name: employer?.name ?? project.employer.name, organisation: project.employer.organisation },
    student: {
      name: input.student.name,
      identity: emailIdentity(input.student.email),
      did: (await findHolderDid(deps.database.db, input.student.id)) ?? undefined,
    },
    rating,
    feedback: { text: feedback!.text, html: feedback!.html },
    deliverable: { text: deliverable!.text, html: repointFiles(deliverable!.html, project.id, shown) },
    contribution: await deps.contribution(project.id),
    attachments,
    contentHash,
    status: revocationEntry(`${input.baseUrl}${statusListPath(status.list)}`, status.index),
  });
  const credential = await signRdfc(unsigned, deps.issuer.key, { created: String(unsigned.validFrom) });
  // The item and the move to archived together, or neither.
  await deps.database.db.transaction().execute(async (trx) => {
    await insertPortfolioItem(trx, { id: itemId, projectId: project.id, studentId: input.student.id, credential, status });
    const move = {
      projectId: project.id,
      actorId: input.student.id,
      action: 'archive' as const,
      from: project.status,
      to: decideTransition(project.status, 'archive', input.role),
    };
    const now = Date.now();
    await moveProject(trx, { ...move, payload: { itemId }, now, follow: followMove(move, now) });
  });
  return { itemId, credential };
}
