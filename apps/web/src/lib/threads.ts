import { readThreads, THREADS_FIELD, type CommentableKind, type Thread } from '@stint/editor';
import { useEffect, useState } from 'react';
import { useCollab } from './collab.ts';
import type { User } from './types.ts';

/** The project's threads on one document, live from the (read-only) comments document. */
export function useThreads(projectId: string, kind: CommentableKind, user: User): Thread[] {
  const { doc } = useCollab(`${projectId}/comments`, user);
  const [threads, setThreads] = useState<Thread[]>([]);
  useEffect(() => {
    const map = doc.getMap(THREADS_FIELD);
    const update = () => setThreads(readThreads(doc, kind));
    map.observeDeep(update);
    update();
    return () => map.unobserveDeep(update);
  }, [doc, kind]);
  return threads;
}
