import type { DocServer } from '@stint/collab';
import { LIVE_FIELD, type LiveTopic, liveChannelName } from '@stint/domain';
import type { Logger } from 'pino';

export interface LiveState {
  /**
   * What follows a committed change to a project: when its status or members changed, every open
   * socket of the project is asked again (rights follow them; on every process); then every open
   * page learns which topics changed. Failing to tell the pages is logged, never the caller's:
   * the change stands, and pages catch up when they next load.
   */
  changed(projectId: string, topics: readonly LiveTopic[]): Promise<void>;
}

/** The live channel of each project, written through the document server like any change. */
export function createLiveState(docServer: DocServer, logger: Logger): LiveState {
  return {
    async changed(projectId, topics) {
      if (topics.includes('status') || topics.includes('members')) await docServer.reauthorize(`${projectId}/`);
      try {
        await docServer.change(liveChannelName(projectId), (doc) => {
          const counters = doc.getMap<number>(LIVE_FIELD);
          for (const topic of topics) counters.set(topic, (counters.get(topic) ?? 0) + 1);
        });
      } catch (error) {
        logger.error({ err: error, projectId, topics }, 'telling open pages about a change failed');
      }
    },
  };
}
