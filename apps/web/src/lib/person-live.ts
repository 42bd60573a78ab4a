import { PERSON_TOPICS, type PersonTopic } from '@stint/domain';
import { useEffect, useRef } from 'react';
import { invalidateTopics } from './queries.ts';

type Listener = (data: unknown) => void;

/** One stream per signed-in page, however many parts of it listen (the server caps streams per person). */
let shared: { userId: string; source: EventSource; listeners: Map<string, Set<Listener>>; users: number } | null = null;

function open(userId: string) {
  if (shared && shared.userId !== userId) {
    shared.source.close();
    shared = null;
  }
  if (!shared) {
    const source = new EventSource('/api/me/notifications/stream');
    const listeners = new Map<string, Set<Listener>>();
    const dispatch = (event: string) => (message: Event) => {
      const data: unknown = JSON.parse((message as MessageEvent<string>).data);
      for (const listener of listeners.get(event) ?? []) listener(data);
    };
    source.addEventListener('unread', dispatch('unread'));
    // What else of theirs moved goes to the cache, which asks again (their applications, the projects they concern).
    source.addEventListener('changed', (message) => invalidateTopics((JSON.parse((message as MessageEvent<string>).data) as { topics: PersonTopic[] }).topics));
    // A reconnection may have missed moves: everything of theirs is asked again (not on the first open).
    let opened = false;
    source.addEventListener('open', () => {
      if (opened) invalidateTopics(PERSON_TOPICS);
      opened = true;
    });
    shared = { userId, source, listeners, users: 0 };
  }
  shared.users += 1;
  return shared;
}

function close(held: NonNullable<typeof shared>) {
  held.users -= 1;
  if (held.users === 0 && shared === held) {
    held.source.close();
    shared = null;
  }
}

/**
 * Holds the signed-in person's own stream open and listens to its `unread` (the inbox count, sent
 * on every (re)connection, so a page that was offline catches up). Its `changed` events go to the
 * cache while anyone holds the stream (the bell does on every signed-in page).
 */
export function usePersonEvent(userId: string | null, event: 'unread', onEvent: Listener): void {
  // The latest handler, without subscribing again on every render.
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!userId) return;
    const held = open(userId);
    let set = held.listeners.get(event);
    if (!set) held.listeners.set(event, (set = new Set()));
    const listener: Listener = (data) => handler.current(data);
    set.add(listener);
    const mine = set;
    return () => {
      mine.delete(listener);
      close(held);
    };
  }, [userId, event]);
}
