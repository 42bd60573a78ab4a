import type { Bus } from '@stint/collab';
import { createTopicFeed, type TopicFeed } from './topic-feed.ts';

/**
 * "These sessions ended" (a logout, sign-out everywhere), keyed by principal
 * (`session:<id>`, `user:<id>`), on every process: what a live stream of theirs ends on, as their
 * sockets close.
 */
export type SessionEndings = TopicFeed<'ended'>;

export const createSessionEndings = (bus: Bus): SessionEndings =>
  createTopicFeed(bus, { channel: (principal) => `ended:${principal}`, topics: ['ended'], unnamed: ['ended'] });
