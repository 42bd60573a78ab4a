import { LIVE_FIELD, LIVE_TOPICS, liveChannelName } from '@stint/domain';
import { useEffect } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { socketBase } from './collab.ts';
import { invalidateTopics } from './queries.ts';

/** One socket per project's live channel, however many parts of the page hold it open. */
const channels = new Map<string, { doc: Y.Doc; provider: WebsocketProvider; holders: number }>();

/**
 * Holds the project's live channel open while the page shows it: a document only the server
 * writes, a counter per topic that moves after every committed change anyone makes, on any
 * server process. A moved counter makes the cache ask again for every answer its topic
 * concerns; a page that was offline catches up when the socket resyncs (the counters it missed
 * move then).
 */
export function useLiveProject(projectId: string): void {
  useEffect(() => {
    let channel = channels.get(projectId);
    if (!channel) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(socketBase(), liveChannelName(projectId), doc, { maxBackoffTime: 2500, disableBc: true });
      doc.getMap<number>(LIVE_FIELD).observe((event) =>
        invalidateTopics(
          LIVE_TOPICS.filter((topic) => event.keysChanged.has(topic)),
          projectId,
        ),
      );
      channel = { doc, provider, holders: 0 };
      channels.set(projectId, channel);
    }
    channel.holders += 1;
    const held = channel;
    return () => {
      held.holders -= 1;
      if (held.holders === 0) {
        held.provider.destroy();
        held.doc.destroy();
        channels.delete(projectId);
      }
    };
  }, [projectId]);
}
