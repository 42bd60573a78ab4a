import { API, type ApiAnswer } from '@stint/domain';
import { useApi } from './queries.ts';

export type Plan = ApiAnswer<typeof API.milestones>;
export type MilestoneItem = Plan['milestones'][number];
export type WorkLog = ApiAnswer<typeof API.workLog>;

/** The project's milestones, asked again whenever anyone changes the plan, on any process. */
export function useMilestones(projectId: string) {
  const { data, error, refetch } = useApi(API.milestones, { params: { id: projectId } });
  return { plan: data ?? null, error, reload: () => void refetch() };
}

/** The work log (members only), asked again when it changes. */
export function useWorkLog(projectId: string, enabled: boolean) {
  const { data, error, refetch } = useApi(API.workLog, { params: { id: projectId } }, enabled);
  return { log: data ?? null, error, reload: () => void refetch() };
}
