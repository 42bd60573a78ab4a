import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { findPortfolioItem, listFiles, type PortfolioItem, type StintDatabase, setPortfolioHidden, statusListState } from '@stint/db';
import {
  assertCanRevoke,
  conflict,
  decideTransition,
  employerLine,
  IdParam,
  IssuerResponse,
  ItemParam,
  ItemResponse,
  notFound,
  OutcomeResponse,
  portfolioItemAbilities,
  RevokeBody,
  RevokeResponse,
  ratingVisibleTo,
  STATUS_LIST_RESIGN_MS,
  statusListPath,
  VerifyResponse,
} from '@stint/domain';
import type { JsonObject, PortfolioAttachment } from '@stint/export';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Authorize } from '../access/authorize.ts';
import { issuePortfolioItem } from '../commands/issue-portfolio-item.ts';
import { reviewState } from '../commands/review-state.ts';
import { revokePortfolioItemCommand } from '../commands/revoke-portfolio-item.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { serveFile } from '../files/serve-file.ts';
import type { AppEnv } from '../http/env.ts';
import { commandErrors, errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import type { Issuer } from '../issuer.ts';
import type { LiveState } from '../live/live-state.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { Tell } from '../notifications/telling.ts';
import type { Renderer } from '../renderer.ts';

export interface PortfolioDeps {
  database: StintDatabase;
  authorize: Authorize;
  renderer: Renderer;
  live: LiveState;
  issuer: Issuer;
  /** The one origin everything Stint signs or links is under (PUBLIC_URL, else the listen address): never the request's Host. */
  origin: () => string;
  contribution: (projectId: string) => Promise<Array<{ name: string; role: string; share: number }>>;
  /** The listed files' bytes, served and hashed again on verification. */
  blobs: BlobStore;
  /** Tells the student when their item is revoked. */
  tell: Tell;
  /** The server's clock: whether the employer's rating is revealed to the student yet. */
  clock: () => number;
}

function summary(credential: JsonObject) {
  const subject = credential.credentialSubject as { stint?: { contentHash?: string } } | undefined;
  const issuer = credential.issuer as { id?: string } | string | undefined;
  return {
    issuer: typeof issuer === 'string' ? issuer : (issuer?.id ?? ''),
    issuedAt: String(credential.validFrom ?? ''),
    contentHash: String(subject?.stint?.contentHash ?? ''),
  };
}

type ItemCheck = { check: 'signature' | 'issuer' | 'status' | 'files'; ok: boolean; text: string };
type ItemVerification = ({ valid: true } | { valid: false; reason: string }) & { checks: ItemCheck[]; revoked?: { at: string; reason: string } };

const day = (iso: string) => iso.slice(0, 10);

/** When and why an item was revoked, as the API and the page say it (who did is not published). */
const revocationOf = (item: PortfolioItem) => item.revoked && { at: item.revoked.at, reason: item.revoked.reason };

/**
 * Checks the proof, that it is ours (issued under one of this deployment's DIDs), that it has not
 * been revoked, and that every file it lists still has exactly the bytes it was issued with:
 * hashed again from the store, so bytes changed or a file swapped underneath fail it.
 */
async function verifyItem(item: PortfolioItem, deps: { issuer: Issuer; database: StintDatabase; blobs: BlobStore }): Promise<ItemVerification> {
  const credential = item.credential as JsonObject;
  const checks: ItemCheck[] = [];
  // The credential code (JSON-LD, Data Integrity) loads on the first check, not at start-up.
  const { verifyCredential } = await import('@stint/export');
  const signature = await verifyCredential(credential, { documentLoader: deps.issuer.documentLoader });
  const suite = String((credential.proof as JsonObject | undefined)?.cryptosuite ?? 'its');
  checks.push(
    signature.valid
      ? { check: 'signature', ok: true, text: `The ${suite} signature matches every word of the credential.` }
      : { check: 'signature', ok: false, text: `The signature does not hold: ${signature.reason}.` },
  );
  const issuer = summary(credential).issuer;
  checks.push(
    deps.issuer.ours(issuer)
      ? { check: 'issuer', ok: true, text: `Issued by this Stint server (${issuer}).` }
      : { check: 'issuer', ok: false, text: 'Issued by someone other than this Stint server.' },
  );
  const by = item.revoked?.by.startsWith('operator:') ? 'the Stint operator' : 'the employer';
  checks.push(
    item.revoked
      ? { check: 'status', ok: false, text: `Revoked by ${by} on ${day(item.revoked.at)}: ${item.revoked.reason}` }
      : item.status
        ? { check: 'status', ok: true, text: 'Not revoked: its bit in the issuer’s published status list is clear.' }
        : { check: 'status', ok: true, text: 'Not revoked (issued before status lists: only this server records its revocation).' },
  );
  const attachments = attachmentsOf(credential);
  if (attachments.length > 0) {
    const changed = await changedAttachment(attachments, deps, item.projectId);
    checks.push(
      changed
        ? { check: 'files', ok: false, text: changed }
        : {
            check: 'files',
            ok: true,
            text: `${attachments.length === 1 ? 'The attached file has' : `All ${attachments.length} attached files have`} exactly the bytes it was issued with.`,
          },
    );
  }
  const failed = checks.find((c) => !c.ok);
  // The reason keeps the wording verifiers have relied on: the signature's own, else the check's.
  const reason =
    failed && (failed.check === 'signature' && !signature.valid ? signature.reason : failed.text.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()));
  const revoked = revocationOf(item);
  return failed ? { valid: false, reason: reason!, checks, ...(revoked ? { revoked } : {}) } : { valid: true, checks };
}

/** The first listed file whose stored bytes no longer hash to what was issued, as a sentence; null when all do. */
async function changedAttachment(
  attachments: readonly PortfolioAttachment[],
  deps: { database: StintDatabase; blobs: BlobStore },
  projectId: string,
): Promise<string | null> {
  const stored = new Map(
    (
      await listFiles(
        deps.database.db,
        projectId,
        attachments.map((a) => a.id),
      )
    ).map((f) => [f.id, f]),
  );
  for (const attachment of attachments) {
    const file = stored.get(attachment.id);
    if (!file) return `The file ${attachment.name} is missing.`;
    const hash = createHash('sha256');
    for await (const chunk of deps.blobs.read(file.sha256)) hash.update(chunk);
    if (hash.digest('hex') !== attachment.sha256) return `The file ${attachment.name} has changed since it was issued.`;
  }
  return null;
}

const attachmentsOf = (credential: JsonObject): PortfolioAttachment[] =>
  (credential.credentialSubject as { stint?: { attachments?: PortfolioAttachment[] } } | undefined)?.stint?.attachments ?? [];

export function portfolioRoutes(deps: PortfolioDeps) {
  const { database, authorize, renderer, live, issuer } = deps;
  const router = newRouter();
  const base = deps.origin;

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/projects/{id}/portfolio',
      tags: ['portfolio'],
      summary: 'Issue the signed portfolio item of a completed project (its student)',
      security: signedIn,
      request: { params: IdParam },
      responses: {
        201: jsonResponse(ItemResponse, 'The item.'),
        ...commandErrors,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { project, role } = await authorize(user, id, 'member');
      // Who may: the lifecycle table's archive row (403 for anyone else). Then from where: only
      // issuing an item archives a project, so an archived one already has its item.
      decideTransition('completed', 'archive', role);
      if (project.status === 'archived') throw conflict('already_issued', 'This project already has a portfolio item.');
      decideTransition(project.status, 'archive', role);
      // The item shows the employer's rating: not before the student may see it (blind reviews).
      const reviews = await reviewState(database, id, deps.clock());
      if (!reviews.revealed) {
        throw conflict(
          'review_first',
          `Review working with the employer first: your item shows their rating, which stays hidden until you have given yours (or until ${day(new Date(reviews.revealsAt ?? 0).toISOString())}).`,
        );
      }
      const { itemId, credential } = await issuePortfolioItem(
        { database, renderer, issuer, contribution: deps.contribution },
        { project, role, student: user, baseUrl: base() },
      );
      await live.changed(id, ['status', 'activity']);
      return c.json({ item: { id: itemId, url: `${base()}/p/${itemId}`, signature: String(credential.proof.proofValue) } }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/outcome',
      tags: ['portfolio'],
      summary: "A finished project's rating and portfolio item (members)",
      security: signedIn,
      request: { params: IdParam },
      responses: { 200: jsonResponse(OutcomeResponse, 'The outcome; nulls until the project completes.'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { role } = await authorize(user, id, 'member');
      const { completion, revealed, portfolioItem: item } = await reviewState(database, id, deps.clock());
      return c.json(
        {
          // Blind reviews (GET …/reviews says when they are revealed).
          rating: ratingVisibleTo(role, revealed) ? (completion?.rating ?? null) : null,
          completedAt: completion?.at ?? null,
          portfolioItem: item
            ? {
                id: item.id,
                url: `${base()}/p/${item.id}`,
                hidden: item.hidden,
                revocation: revocationOf(item),
                abilities: portfolioItemAbilities({ role, userId: user.id, studentId: item.studentId, revokedAt: item.revoked?.at ?? null }),
              }
            : null,
        },
        200,
      );
    },
  );

  for (const [path, hidden] of [
    ['hide', true],
    ['publish', false],
  ] as const) {
    router.openapi(
      createRoute({
        method: 'post',
        path: `/api/portfolio/{itemId}/${path}`,
        tags: ['portfolio'],
        summary: hidden ? 'Unpublish the item (its student)' : 'Publish it again (its student)',
        security: signedIn,
        request: { params: ItemParam },
        responses: { 204: { description: 'Done.' }, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
      }),
      async (c) => {
        const user = requireUser(c);
        const item = await findPortfolioItem(database.db, c.req.valid('param').itemId);
        if (!item) throw notFound('item_not_found', 'No such portfolio item.');
        await authorize(user, item.projectId, { owner: item.studentId });
        await setPortfolioHidden(database.db, item.id, hidden);
        return c.body(null, 204);
      },
    );
  }

  const visibleItem = async (itemId: string) => {
    const item = await findPortfolioItem(database.db, itemId);
    if (!item || item.hidden) throw notFound('item_not_found', 'No such portfolio item, or its student has unpublished it.');
    return item;
  };
  const visible = async (itemId: string) => {
    return (await visibleItem(itemId)).credential as JsonObject;
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/portfolio/{itemId}',
      tags: ['portfolio'],
      summary: 'The signed credential (public)',
      request: { params: ItemParam },
      responses: {
        200: {
          description: 'An OpenBadgeCredential with an eddsa-jcs-2022 proof.',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
        404: errorResponses[404],
      },
    }),
    async (c) => c.json(await visible(c.req.valid('param').itemId), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/portfolio/{itemId}/verify',
      tags: ['portfolio'],
      summary: 'Whether the stored credential is intact and issued here (public)',
      request: { params: ItemParam },
      responses: { 200: jsonResponse(VerifyResponse, 'The verdict.'), 404: errorResponses[404] },
    }),
    async (c) => {
      const item = await visibleItem(c.req.valid('param').itemId);
      const credential = item.credential as JsonObject;
      const result = await verifyItem(item, deps);
      return c.json(
        {
          valid: result.valid,
          ...summary(credential),
          ...(result.valid ? {} : { reason: result.reason }),
          revoked: Boolean(result.revoked),
          ...(result.revoked ? { revocation: result.revoked } : {}),
          checks: result.checks,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/portfolio/{itemId}/files/{fileId}',
      tags: ['portfolio'],
      summary: 'A file the portfolio item lists (public, like the page); its SHA-256 is in the credential',
      request: { params: z.object({ itemId: z.string().min(1).max(64), fileId: z.string().min(1).max(64) }) },
      responses: {
        200: { description: 'The bytes, served as the project’s files are.', content: { 'application/octet-stream': { schema: z.string() } } },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { itemId, fileId } = c.req.valid('param');
      const item = await visibleItem(itemId);
      const listed = attachmentsOf(item.credential as JsonObject).some((a) => a.id === fileId);
      const [file] = listed ? await listFiles(database.db, item.projectId, [fileId]) : [];
      if (!file) throw notFound('file_not_found', 'This portfolio item lists no such file.');
      return serveFile(c, file, deps.blobs);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/issuer',
      tags: ['portfolio'],
      summary: 'The DID this server issues credentials under (public): the issuer verifiers should trust',
      responses: { 200: jsonResponse(IssuerResponse, 'The issuer.') },
    }),
    (c) =>
      c.json(
        {
          id: issuer.key.did,
          name: 'Stint',
          publicKeyMultibase: issuer.key.publicKeyMultibase,
          retiredKeys: issuer.retired.map((k) => ({ ...k })),
        },
        200,
      ),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/portfolio/{itemId}/revoke',
      tags: ['portfolio'],
      summary: 'Revoke an item issued in error, with the reason its page will show (the project’s employer)',
      security: signedIn,
      request: { params: ItemParam, ...jsonBody(RevokeBody) },
      responses: {
        200: jsonResponse(RevokeResponse, 'Revoked: its bit is set in the status list from now on.'),
        ...commandErrors,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const item = await findPortfolioItem(database.db, c.req.valid('param').itemId);
      if (!item) throw notFound('item_not_found', 'No such portfolio item.');
      const { role } = await authorize(user, item.projectId, 'member');
      assertCanRevoke(role, item.revoked?.at ?? null);
      const { reason } = c.req.valid('json');
      const at = await revokePortfolioItemCommand({ database, tell: deps.tell }, { item, actorId: user.id, reason });
      return c.json({ item: { id: item.id, url: `${base()}/p/${item.id}`, revoked: true, revocation: { at, reason } } }, 200);
    },
  );

  // The signed status lists. Signing is milliseconds, so each process keeps the copy it signed
  // until the list changes (a revocation anywhere moves `changedAt` or the count).
  const signed = new Map<number, { key: string; credential: JsonObject }>();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/status/{list}',
      tags: ['portfolio'],
      summary: 'A Bitstring Status List of revoked items (public): a BitstringStatusListCredential signed by the issuer',
      request: { params: z.object({ list: z.coerce.number().int().min(1).max(1_000_000) }) },
      responses: {
        200: { description: 'The list credential.', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { list } = c.req.valid('param');
      const state = await statusListState(database.db, list);
      if (!state.exists && list !== 1) throw notFound('status_list_not_found', 'No such status list.');
      // Signed afresh when the list changes and every hour, so what is served has most of its day of validity left.
      const now = deps.clock();
      const key = `${state.revoked.length}:${state.changedAt}:${Math.floor(now / STATUS_LIST_RESIGN_MS)}`;
      let cached = signed.get(list);
      if (cached?.key !== key) {
        const { statusListCredential } = await import('@stint/export');
        cached = { key, credential: await statusListCredential(`${base()}${statusListPath(list)}`, state.revoked, issuer.key, now) };
        signed.set(list, cached);
      }
      // Verifiers should see a revocation within a minute; the list is 16 KiB before GZIP's help.
      return c.json(cached.credential, 200, { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' });
    },
  );

  return router;
}

/** GET /.well-known/did.json — the issuer's did:web document (404 under did:key). */
export function didDocumentRoute(issuer: Issuer) {
  const routes = new Hono<AppEnv>();
  routes.get('/.well-known/did.json', (c) =>
    issuer.didDocument
      ? c.json(issuer.didDocument, 200, { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' })
      : c.json({ error: { code: 'not_found', message: 'This deployment issues under did:key (set an https PUBLIC_URL for did:web).' } }, 404),
  );
  return routes;
}

/** GET /p/:itemId — the public page, no sign-in; /p/:itemId/certificate.pdf — the same item as a printable certificate. */
export function portfolioPages(deps: Pick<PortfolioDeps, 'database' | 'issuer' | 'blobs' | 'origin'> & { logger: Logger }) {
  const pages = new Hono<AppEnv>();
  // The picture a pasted link to the item shows: what, by whom, for whom, the skills and ratings.
  pages.get('/p/:itemId/preview.png', async (c) => {
    const item = await findPortfolioItem(deps.database.db, c.req.param('itemId'));
    if (!item || item.hidden) return c.body(null, 404);
    const { previewPng, portfolioSummary } = await import('@stint/export');
    const summary = portfolioSummary(item.credential);
    const subject = (item.credential as { credentialSubject?: { name?: unknown } }).credentialSubject;
    const png = await previewPng({
      kicker: item.revoked ? 'Micro-internship · revoked' : 'Verified micro-internship',
      title: summary.title,
      byline: `${String(subject?.name ?? '')} for ${employerLine({ name: summary.employer, organisation: summary.organisation })}`,
      facts: Object.entries(summary.ratings).map(([skill, n]) => `${skill} ${n}/5`),
    });
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=300' });
  });
  pages.get('/p/:itemId/certificate.pdf', async (c) => {
    const item = await findPortfolioItem(deps.database.db, c.req.param('itemId'));
    if (!item || item.hidden) return c.html('<!doctype html><title>Not found</title><p>No such portfolio item, or its student has unpublished it.</p>', 404);
    const { certificatePdf } = await import('@stint/export');
    // The address printed and in the QR code is the item's page, where it is checked afresh.
    const verification = await verifyItem(item, deps);
    const pdf = await certificatePdf(item.credential as JsonObject, `${deps.origin()}/p/${encodeURIComponent(item.id)}`, { revoked: !verification.valid });
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="stint-certificate-${item.id}.pdf"`,
      'cache-control': 'no-store',
    });
  });
  pages.get('/p/:itemId', async (c) => {
    const item = await findPortfolioItem(deps.database.db, c.req.param('itemId'));
    if (!item || item.hidden) return c.html('<!doctype html><title>Not found</title><p>No such portfolio item, or its student has unpublished it.</p>', 404);
    const credential = item.credential as JsonObject;
    const id = encodeURIComponent(item.id);
    try {
      const { portfolioPage } = await import('@stint/export');
      const page = `${deps.origin()}/p/${id}`;
      const links = { page, image: `${page}/preview.png`, certificate: `${page}/certificate.pdf` };
      return c.html(portfolioPage(credential, await verifyItem(item, deps), `/api/portfolio/${id}/verify`, `/api/portfolio/${id}`, links));
    } catch (error) {
      // A stored credential the page can't lay out (damaged or hand-edited) still gets an answer.
      deps.logger.error({ err: error, itemId: item.id }, 'a stored portfolio credential could not be laid out');
      return c.html('<!doctype html><title>Portfolio item</title><p>This portfolio item could not be displayed, and it does not verify.</p>', 200);
    }
  });
  return pages;
}
