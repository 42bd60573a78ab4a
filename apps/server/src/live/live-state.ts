import type { Bus, DocServer } from '@stint/collab';
import { LIVE_TOPICS, type LiveTopic } from '@stint/domain';
import { createTopicFeed, type TopicFeed } from './topic-feed.ts';

/** Each project's feed, keyed by project id: what its open pages load again. */
export type ProjectFeed = TopicFeed<LiveTopic>;

export const createProjectFeed = (bus: Bus): ProjectFeed =>
  createTopicFeed(bus, { channel: (projectId) => `project:${projectId}`, topics: LIVE_TOPICS, unnamed: LIVE_TOPICS });

export interface LiveState {
  /**
   * What follows a committed change to a project: when its status or members changed, every open
   * socket of the project is asked again (rights follow them; on every process); then every open
   * page of the project, on every process, learns which topics changed.
   */
  changed(projectId: string, topics: readonly LiveTopic[]): Promise<void>;
}

export function createLiveState(docServer: DocServer, projects: ProjectFeed): LiveState {
  return {
    async changed(projectId, topics) {
      if (topics.includes('status') || topics.includes('members')) await docServer.reauthorize(`${projectId}/`);
      projects.changed([projectId], topics);
    },
  };
}
