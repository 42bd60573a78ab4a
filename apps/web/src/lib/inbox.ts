import { API, type ApiAnswer } from '@stint/domain';
import { useCallback, useEffect, useState } from 'react';
import { call, errorText } from './api.ts';
import { usePersonEvent } from './live-channel.ts';

export type InboxItem = ApiAnswer<typeof API.notifications>['notifications'][number];

/**
 * The signed-in person's inbox: the unread count, live over server-sent events (the browser
 * reconnects by itself; each (re)connection sends the count again, so a page that was offline
 * catches up), and the list, loaded when asked for and again whenever the count moves.
 */
export function useInbox(userId: string | null) {
  const [unread, setUnread] = useState(0);
  const [moved, setMoved] = useState(0);
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [wanted, setWanted] = useState(false);
  const [error, setError] = useState<string | null>(null);

  usePersonEvent(userId, 'unread', (data) => {
    setUnread((data as { unread: number }).unread);
    setMoved((n) => n + 1);
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `moved` is the trigger
  useEffect(() => {
    if (!userId || !wanted) return;
    call(API.notifications).then(
      (page) => {
        setItems(page.notifications);
        setUnread(page.unread);
        setError(null);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [userId, wanted, moved]);

  const markRead = useCallback(async (ids?: string[]) => {
    setItems((shown) => shown?.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n)) ?? null);
    try {
      await call(API.markRead, { body: ids ? { ids } : {} });
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  return { unread, items, error, markRead, load: () => setWanted(true) };
}
