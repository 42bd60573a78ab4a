import { LIVE_FIELD, type LiveTopic, liveChannelName } from '@stint/domain';
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { socketBase } from './collab.ts';
import { invalidateTopics } from './queries.ts';

type Counters = Partial<Record<LiveTopic, number>>;

/** One socket per project's live channel, however many parts of the page listen to it. */
const channels = new Map<string, { doc: Y.Doc; provider: WebsocketProvider; listeners: number }>();

/**
 * The project's live channel (a document only the server writes): a counter per topic that
 * moves after every committed change anyone makes, on any server process. Parts of a page pass
 * the counters they care about as effect dependencies and load again when one moves; a page
 * that was offline catches up when the socket resyncs.
 */
export function useLiveProject(projectId: string): Counters {
  const [counters, setCounters] = useState<Counters>({});
  useEffect(() => {
    let channel = channels.get(projectId);
    if (!channel) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(socketBase(), liveChannelName(projectId), doc, { maxBackoffTime: 2500, disableBc: true });
      // The cache asks again for every answer a moved topic concerns (a resync moves what it missed).
      doc.getMap<number>(LIVE_FIELD).observe((event) => invalidateTopics([...event.keysChanged] as LiveTopic[], projectId));
      channel = { doc, provider, listeners: 0 };
      channels.set(projectId, channel);
    }
    channel.listeners += 1;
    const map = channel.doc.getMap<number>(LIVE_FIELD);
    const update = () => setCounters(Object.fromEntries(map.entries()));
    map.observe(update);
    update();
    const held = channel;
    return () => {
      map.unobserve(update);
      held.listeners -= 1;
      if (held.listeners === 0) {
        held.provider.destroy();
        held.doc.destroy();
        channels.delete(projectId);
      }
    };
  }, [projectId]);
  return counters;
}
