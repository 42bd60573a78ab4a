import { LIVE_TOPICS, type LiveTopic, PERSON_TOPICS, type PersonTopic } from '@stint/domain';
import { useEffect, useRef } from 'react';
import { invalidateTopics } from './queries.ts';
import { useSession } from './session.tsx';

type Listener = (data: unknown) => void;

/**
 * The page's one live channel (the server caps streams per person): the signed-in person's own
 * topics and those of the project the page shows. Held by the bell on every signed-in page and
 * by a project's page; opened again (with `?project=`) when the project shown changes.
 */
const held = {
  userId: null as string | null,
  users: 0,
  listeners: new Map<string, Set<Listener>>(),
  /** Projects on screen, with how many parts of the page hold each; the newest is the one watched. */
  projects: new Map<string, number>(),
  source: null as EventSource | null,
  url: '',
  scheduled: false,
};

const watched = () => [...held.projects.keys()].at(-1) ?? null;

/** Closes the stream the page holds, if any. */
function drop() {
  held.source?.close();
  held.source = null;
  held.url = '';
}

function connect() {
  const project = watched();
  const url = `/api/me/notifications/stream${project ? `?project=${encodeURIComponent(project)}` : ''}`;
  if (held.users === 0 || !held.userId) return drop();
  if (held.source && held.url === url) return;
  held.source?.close();
  const source = new EventSource(url);
  held.source = source;
  held.url = url;
  const parse = (message: Event): unknown => JSON.parse((message as MessageEvent<string>).data);
  source.addEventListener('unread', (message) => {
    const data = parse(message);
    for (const listener of held.listeners.get('unread') ?? []) listener(data);
  });
  // What moved goes to the cache, which asks again: the person's own (their applications, the
  // projects they concern) and the project's (only this project's answers).
  source.addEventListener('changed', (message) => invalidateTopics((parse(message) as { topics: PersonTopic[] }).topics));
  source.addEventListener('project', (message) => {
    const { projectId, topics } = parse(message) as { projectId: string; topics: LiveTopic[] };
    invalidateTopics(topics, projectId);
  });
  // A reconnection may have missed moves: everything this channel names is asked again (not on the first open).
  let opened = false;
  source.addEventListener('open', () => {
    if (opened) {
      invalidateTopics(PERSON_TOPICS);
      if (project) invalidateTopics(LIVE_TOPICS, project);
    }
    opened = true;
  });
}

/** Every hold and release in one render is settled once: mounting a page opens one stream, not several. */
function reconnectSoon() {
  if (held.scheduled) return;
  held.scheduled = true;
  queueMicrotask(() => {
    held.scheduled = false;
    connect();
  });
}

function hold(userId: string): () => void {
  if (held.userId !== userId) {
    drop();
    held.userId = userId;
  }
  held.users += 1;
  reconnectSoon();
  return () => {
    held.users -= 1;
    reconnectSoon();
  };
}

/**
 * Holds the page's live channel open and listens to its `unread` (the inbox count, sent on every
 * (re)connection, so a page that was offline catches up).
 */
export function usePersonEvent(userId: string | null, event: 'unread', onEvent: Listener): void {
  // The latest handler, without subscribing again on every render.
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!userId) return;
    const release = hold(userId);
    let set = held.listeners.get(event);
    if (!set) held.listeners.set(event, (set = new Set()));
    const listener: Listener = (data) => handler.current(data);
    set.add(listener);
    const mine = set;
    return () => {
      mine.delete(listener);
      release();
    };
  }, [userId, event]);
}

/**
 * While the page shows `projectId`, the live channel also names what of that project moved (the
 * topics this person may hear, decided by the server), and the cache asks those answers again.
 */
export function useLiveProject(projectId: string): void {
  const userId = useSession().user?.id ?? null;
  useEffect(() => {
    if (!userId) return;
    const release = hold(userId);
    const holders = held.projects.get(projectId) ?? 0;
    // Re-inserted so the project shown last is the one watched.
    held.projects.delete(projectId);
    held.projects.set(projectId, holders + 1);
    return () => {
      const left = (held.projects.get(projectId) ?? 1) - 1;
      if (left > 0) held.projects.set(projectId, left);
      else held.projects.delete(projectId);
      release();
    };
  }, [userId, projectId]);
}
