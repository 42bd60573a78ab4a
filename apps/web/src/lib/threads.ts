import { API } from '@stint/domain';
import { type CommentableKind, readThreads, THREADS_FIELD, type Thread } from '@stint/editor';
import { useCallback, useEffect, useState } from 'react';
import { useCollab } from './collab.ts';
import { useApi } from './queries.ts';
import type { User } from './types.ts';

export interface Threads {
  threads: Thread[];
  /** Fetches again now, after this page changed a thread; live threads need nothing. */
  refresh(): void;
}

/**
 * The project's threads on one document. Most are live, from the (read-only) comments document.
 * Threads on the feedback are kept where no socket can read them (the student mustn't see
 * their quotes before the feedback is released), so those come from the comments API.
 */
export function useThreads(projectId: string, kind: CommentableKind, user: User): Threads {
  const { doc } = useCollab(`${projectId}/comments`, user);
  const [threads, setThreads] = useState<Thread[]>([]);
  const polled = kind === 'feedback';

  useEffect(() => {
    if (polled) return;
    const map = doc.getMap(THREADS_FIELD);
    const update = () => setThreads(readThreads(doc, kind));
    map.observeDeep(update);
    update();
    return () => map.unobserveDeep(update);
  }, [doc, kind, polled]);

  // The live channel's `threads` topic asks again when anyone changed a thread (no polling);
  // `refresh` asks at once after the user's own change. A failed load keeps what is shown.
  const fetched = useApi(API.threads, { params: { id: projectId }, query: { doc: kind } }, polled);
  const { refetch } = fetched;
  const refresh = useCallback(() => void refetch(), [refetch]);
  return { threads: polled ? (fetched.data?.threads ?? []) : threads, refresh };
}
