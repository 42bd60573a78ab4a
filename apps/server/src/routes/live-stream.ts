import { createRoute, z } from '@hono/zod-openapi';
import { countUnread, type StintDatabase } from '@stint/db';
import { LiveStreamQuery, type LiveTopic, liveTopicsFor, type PersonTopic, type User } from '@stint/domain';
import { streamSSE } from 'hono/streaming';
import type { Authorizer } from '../access/authorize.ts';
import { sessionPrincipal, userPrincipal } from '../collab-authorize.ts';
import { ApiError } from '../http/api-error.ts';
import { errorResponse, errorResponses, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import type { ProjectFeed } from '../live/live-state.ts';
import type { SessionEndings } from '../live/session-endings.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { Inbox } from '../notifications/inbox.ts';

/** Open streams per person per process: a tab each, and then some. */
const MAX_STREAMS_PER_USER = 20;
const HEARTBEAT_MS = 25_000;
/** A stream ends after this; the browser reconnects, and the session and access are checked again. */
const STREAM_LIFETIME_MS = 30 * 60_000;

export interface LiveStreamDeps {
  database: StintDatabase;
  authorizer: Authorizer;
  inbox: Inbox;
  projects: ProjectFeed;
  sessionEndings: SessionEndings;
}

/**
 * Each signed-in page's one live channel: the person's own topics (their unread count, their
 * applications) and, when the page shows a project, that project's topics — only those this
 * person may hear, decided by the one door when the stream opens and again whenever the project's
 * status or members move.
 */
export function liveStreamRoutes({ database, authorizer, inbox, projects, sessionEndings }: LiveStreamDeps) {
  const router = newRouter();

  /** The topics of `projectId` that `user` may hear now (null: none, they may not see it). */
  async function hearing(user: User, projectId: string): Promise<readonly LiveTopic[] | null> {
    const { decision, access } = await authorizer.decide(user, projectId, 'see');
    return decision.ok && access ? liveTopicsFor(access.role !== null) : null;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/me/notifications/stream',
      tags: ['notifications'],
      summary:
        'Server-sent events: `unread` with the count now and whenever the inbox moves; `changed` naming what else of yours moved; with `?project=`, `project` naming what of that project moved',
      security: signedIn,
      request: { query: LiveStreamQuery },
      responses: {
        200: { description: 'An event stream.', content: { 'text/event-stream': { schema: z.string() } } },
        400: errorResponses[400],
        401: errorResponses[401],
        404: errorResponse('No project with that id that you may see.'),
        429: errorResponse('Too many open streams.'),
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { session } = c.get('auth');
      const { project: projectId } = c.req.valid('query');
      if (inbox.listeners(user.id) >= MAX_STREAMS_PER_USER) {
        throw new ApiError(429, 'too_many_streams', `At most ${MAX_STREAMS_PER_USER} open live streams per person; close a tab.`);
      }
      // Refused before the stream opens: the one door's own error (404 for a project they may not see).
      if (projectId) await authorizer.authorize(user, projectId, 'see');
      return streamSSE(c, async (stream) => {
        let id = 0;
        let dirty = true;
        // What moved since the last event: named, not sent.
        const moved = new Set<PersonTopic>();
        const projectMoved = new Set<LiveTopic>();
        let wake: (() => void) | null = null;
        // Set when this session (or every session of the person) ended, on any process: the stream ends as their sockets close.
        let ended = false;
        const stops: (() => void)[] = [];
        for (const principal of [...(session ? [sessionPrincipal(session.id)] : []), userPrincipal(user.id)])
          stops.push(
            await sessionEndings.listen(principal, () => {
              ended = true;
              wake?.();
            }),
          );
        stops.push(
          await inbox.listen(user.id, (topics) => {
            for (const topic of topics)
              if (topic === 'inbox') dirty = true;
              else moved.add(topic);
            wake?.();
          }),
        );
        let audible: readonly LiveTopic[] | null = null;
        // Listening to the project while it is this person's to hear: null once it is not (or none was asked).
        let stopProject: (() => void) | null = null;
        if (projectId) {
          stopProject = await projects.listen(projectId, (topics) => {
            for (const topic of topics) projectMoved.add(topic);
            wake?.();
          });
          // Asked once the listener is in place, so a change in between is not missed.
          audible = await hearing(user, projectId);
        }
        const ends = Date.now() + STREAM_LIFETIME_MS;
        stream.onAbort(() => wake?.());
        try {
          while (!stream.aborted && !ended && Date.now() < ends) {
            if (dirty) {
              dirty = false;
              await stream.writeSSE({ event: 'unread', id: String(++id), data: JSON.stringify({ unread: await countUnread(database.db, user.id) }) });
            }
            if (moved.size > 0) {
              const topics = [...moved];
              moved.clear();
              await stream.writeSSE({ event: 'changed', id: String(++id), data: JSON.stringify({ topics }) });
            }
            if (projectId && stopProject && projectMoved.size > 0) {
              const all = [...projectMoved];
              projectMoved.clear();
              // Who may hear what follows the project's status and members: asked again when they move.
              if (all.includes('status') || all.includes('members')) audible = await hearing(user, projectId);
              // One who lost the project hears, this once, what a visitor would of it.
              const told = audible ?? liveTopicsFor(false);
              const topics = all.filter((t) => told.includes(t));
              if (!audible) {
                // No longer theirs to see: told once (the page loads again and finds it gone), then nothing more.
                stopProject();
                stopProject = null;
              }
              if (topics.length > 0)
                await stream.writeSSE({ event: 'project', id: String(++id), data: JSON.stringify({ projectId, topics, watching: stopProject !== null }) });
            }
            // What moved while the events above were being written is sent now, not at the next heartbeat.
            const waiting = () => !ended && !dirty && moved.size === 0 && (!stopProject || projectMoved.size === 0);
            if (waiting())
              await new Promise<void>((resolve) => {
                wake = resolve;
                setTimeout(resolve, HEARTBEAT_MS).unref();
              });
            wake = null;
            if (!ended && !dirty && moved.size === 0 && projectMoved.size === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
          }
        } finally {
          for (const stop of stops) stop();
          stopProject?.();
        }
      });
    },
  );

  return router;
}
