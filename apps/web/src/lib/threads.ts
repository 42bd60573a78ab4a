import { API } from '@stint/domain';
import { type CommentableKind, readThreads, THREADS_FIELD, type Thread } from '@stint/editor';
import { useCallback, useEffect, useState } from 'react';
import { call } from './api.ts';
import { useCollab } from './collab.ts';
import { useLiveProject } from './live-project.ts';
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
  const [asked, setAsked] = useState(0);
  const polled = kind === 'feedback';

  useEffect(() => {
    if (polled) return;
    const map = doc.getMap(THREADS_FIELD);
    const update = () => setThreads(readThreads(doc, kind));
    map.observeDeep(update);
    update();
    return () => map.unobserveDeep(update);
  }, [doc, kind, polled]);

  // The live channel's `threads` counter says when anyone changed a thread (no polling);
  // `asked` loads at once after the user's own change.
  const live = useLiveProject(projectId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` and the live counter are the triggers
  useEffect(() => {
    if (!polled) return;
    let stopped = false;
    call(API.threads, { params: { id: projectId }, query: { doc: kind } }).then(
      ({ threads: fetched }) => stopped || setThreads(fetched),
      // A failed load keeps what is shown; the next change tries again.
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [projectId, kind, polled, asked, live.threads]);

  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { threads, refresh };
}
