import type { Bus } from '@stint/collab';
import { PERSON_TOPICS, type PersonTopic } from '@stint/domain';
import { createTopicFeed, type TopicFeed } from '../live/topic-feed.ts';

/** Each person's own feed, keyed by user id: their inbox, their applications. */
export type Inbox = TopicFeed<PersonTopic>;

export const createInbox = (bus: Bus): Inbox => createTopicFeed(bus, { channel: (userId) => `inbox:${userId}`, topics: PERSON_TOPICS, unnamed: ['inbox'] });
