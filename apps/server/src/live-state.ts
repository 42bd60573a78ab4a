import type { DocServer } from '@stint/collab';
import { LIVE_FIELD, type LiveTopic, liveChannelName } from '@stint/domain';
import type { Logger } from 'pino';

export interface LiveState {
  /**
   * Tells every open page of the project, on every process, that these topics changed: call it
   * after the change is committed. A failure is logged, never the caller's: the change stands,
   * and pages catch up when they next load.
   */
  changed(projectId: string, topics: readonly LiveTopic[]): Promise<void>;
}

/** The live channel of each project, written through the document server like any change. */
export function createLiveState(docServer: DocServer, logger: Logger): LiveState {
  return {
    async changed(projectId, topics) {
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
