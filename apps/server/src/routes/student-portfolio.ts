import { createRoute } from '@hono/zod-openapi';
import { findHandle, findHolderDid, findUserByHandle, listStudentItems, type PortfolioItem, type StintDatabase, setHandle, setHolderDid } from '@stint/db';
import {
  checkHandle,
  checkHolderDid,
  HANDLE_REST_DAYS,
  HandleParam,
  MyPortfolioResponse,
  notFound,
  PublicPortfolioResponse,
  SetDidBody,
  SetHandleBody,
} from '@stint/domain';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { requireUser } from '../middleware/authenticate.ts';

const TAG = ['portfolio'];

/** The credential readers and the page load on first use, with the rest of the credential code. */
const pagesAndSummaries = () => import('@stint/export');

/** Items as a list shows them; `origin` '' gives the page's own relative links. */
async function listed<T extends PortfolioItem>(items: T[], origin: string) {
  const { portfolioSummary } = await pagesAndSummaries();
  return items.map((item) => ({ item, shown: { id: item.id, url: `${origin}/p/${item.id}`, ...portfolioSummary(item.credential) } }));
}

/** Whoever has `handle` (any case) and their published items, newest first; undefined for nobody. */
async function publishedPortfolio(database: StintDatabase, handle: string) {
  const user = await findUserByHandle(database.db, handle.toLowerCase());
  return user && { user, items: await listStudentItems(database.db, user.id, { publishedOnly: true }) };
}

/**
 * A student's portfolio: the handle they choose, which of their items are public (hide/publish
 * are the item's own calls), and the public list at `/u/<handle>` and as JSON.
 */
export function studentPortfolioRoutes({ database, origin, clock }: { database: StintDatabase; origin: () => string; clock: () => number }) {
  const router = newRouter();
  const mine = async (userId: string, origin: string) => ({
    handle: await findHandle(database.db, userId),
    did: await findHolderDid(database.db, userId),
    items: (await listed(await listStudentItems(database.db, userId, { publishedOnly: false }), origin)).map(({ item, shown }) => ({
      ...shown,
      hidden: item.hidden,
      revoked: item.revoked !== null,
    })),
  });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/portfolio',
      tags: TAG,
      summary: 'Your handle and every portfolio item of yours, hidden ones too',
      security: signedIn,
      responses: { 200: jsonResponse(MyPortfolioResponse, 'Yours.'), 401: errorResponses[401] },
    }),
    async (c) => c.json(await mine(requireUser(c).id, origin()), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/me/handle',
      tags: TAG,
      summary: 'Choose the handle your public portfolio lives under (/u/<handle>)',
      security: signedIn,
      request: jsonBody(SetHandleBody),
      responses: {
        200: jsonResponse(MyPortfolioResponse, 'Yours, with the handle.'),
        400: errorResponses[400],
        401: errorResponses[401],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      await setHandle(database.db, user.id, checkHandle(c.req.valid('json').handle), { now: clock(), restMs: HANDLE_REST_DAYS * 86_400_000 });
      return c.json(await mine(user.id, origin()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/me/did',
      tags: TAG,
      summary: 'The DID your wallet shows: credentials issued to you from now on name you by it (null forgets it)',
      security: signedIn,
      request: jsonBody(SetDidBody),
      responses: { 200: jsonResponse(MyPortfolioResponse, 'Yours, with the DID.'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      await setHolderDid(database.db, user.id, checkHolderDid(c.req.valid('json').did));
      return c.json(await mine(user.id, origin()), 200);
    },
  );

  const publicList = async (handle: string, origin: string) => {
    const found = await publishedPortfolio(database, handle);
    if (!found) throw notFound('portfolio_not_found', 'Nobody has this handle.');
    return { user: { handle: found.user.handle, name: found.user.name }, items: (await listed(found.items, origin)).map(({ shown }) => shown) };
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{handle}/portfolio',
      tags: TAG,
      summary: "A student's published portfolio items, newest first (public)",
      request: { params: HandleParam },
      responses: { 200: jsonResponse(PublicPortfolioResponse, 'The portfolio.'), 404: errorResponses[404] },
    }),
    async (c) => c.json(await publicList(c.req.valid('param').handle, origin()), 200),
  );

  return router;
}

/** GET /u/:handle — the public page, no sign-in. */
export function studentPortfolioPages({ database, origin }: { database: StintDatabase; origin: () => string }) {
  const pages = new Hono<AppEnv>();
  pages.get('/u/:handle', async (c) => {
    const found = await publishedPortfolio(database, c.req.param('handle'));
    if (!found) return c.html('<!doctype html><title>Not found</title><p>Nobody has this handle.</p>', 404);
    const { user, items } = found;
    const { studentPortfolioPage } = await pagesAndSummaries();
    const page = `${origin()}/u/${encodeURIComponent(user.handle)}`;
    return c.html(
      studentPortfolioPage(
        user,
        (await listed(items, '')).map(({ shown }) => shown),
        `${origin()}/api/users/${encodeURIComponent(user.handle)}/portfolio`,
        { page, image: `${page}/preview.png` },
      ),
    );
  });
  // The picture a pasted link to the portfolio shows: who, how many verified items, their skills.
  pages.get('/u/:handle/preview.png', async (c) => {
    const found = await publishedPortfolio(database, c.req.param('handle'));
    if (!found) return c.body(null, 404);
    const { previewPng, portfolioSummary } = await import('@stint/export');
    const summaries = found.items.map((item) => portfolioSummary(item.credential));
    const skills = [...new Set(summaries.flatMap((s) => s.skills))];
    const png = await previewPng({
      kicker: 'Portfolio on Stint',
      title: found.user.name,
      byline: `${summaries.length} verified micro-internship${summaries.length === 1 ? '' : 's'}${summaries[0] ? `, latest: ${summaries[0].title}` : ''}`,
      facts: skills,
    });
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=300' });
  });
  return pages;
}
