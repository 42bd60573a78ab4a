import { API, type ApiAnswer } from '@stint/domain';
import { useCallback, useEffect, useState } from 'react';
import { call, errorText } from './api.ts';
import { useLiveProject } from './live-project.ts';

export type Plan = ApiAnswer<typeof API.milestones>;
export type MilestoneItem = Plan['milestones'][number];
export type WorkLog = ApiAnswer<typeof API.workLog>;

/** The project's milestones, loaded again whenever anyone changes the plan, on any process. */
export function useMilestones(projectId: string) {
  const live = useLiveProject(projectId);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call(API.milestones, { params: { id: projectId } }).then(
      (p) => (setPlan(p), setError(null)),
      (e: unknown) => setError(errorText(e)),
    );
  }, [projectId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the live counter is the trigger
  useEffect(load, [load, live.plan]);
  return { plan, error, reload: load };
}

/** The work log (members only), loaded again when it changes. */
export function useWorkLog(projectId: string, enabled: boolean) {
  const live = useLiveProject(projectId);
  const [log, setLog] = useState<WorkLog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    if (!enabled) return;
    call(API.workLog, { params: { id: projectId } }).then(
      (l) => (setLog(l), setError(null)),
      (e: unknown) => setError(errorText(e)),
    );
  }, [projectId, enabled]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the live counter is the trigger
  useEffect(load, [load, live.plan]);
  return { log, error, reload: load };
}
