import { API, type ApiAnswer, type Endpoint, type LiveTopic, type PersonTopic } from '@stint/domain';
import { type Query, QueryClient, useQuery } from '@tanstack/react-query';
import { type CallOptions, call, errorText } from './api.ts';

/**
 * The page's one cache of answers, keyed by contract call (endpoint and its arguments). Nothing
 * goes stale by time: an answer is asked again when a live channel says its topic moved (or a
 * page's own write changed it), never on a timer or on focus.
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, retry: false } },
});

/** A contract call's key: its method and path pattern, then what it was called with. */
export const apiKey = <E extends Endpoint>(endpoint: E, options?: CallOptions<E>) => [endpoint.method, endpoint.path, options ?? {}] as const;

/** One contract call's answer from the cache (loaded once, then again whenever its topic moves). */
export function useApi<E extends Endpoint>(endpoint: E, options?: CallOptions<E>, enabled = true) {
  const query = useQuery({ queryKey: apiKey(endpoint, options), queryFn: () => call(endpoint, options), enabled });
  return { data: query.data as ApiAnswer<E> | undefined, error: query.error ? errorText(query.error) : null, refetch: query.refetch };
}

/** Which answers each topic's move makes stale: what a live channel names, the cache asks again. */
const TOPIC_ANSWERS: Readonly<Record<LiveTopic | PersonTopic, readonly Endpoint[]>> = {
  // The status decides rights and releases feedback: renderings of documents too.
  status: [API.getProject, API.listApplications, API.payment, API.outcome, API.reviews, API.milestones, API.workLog, API.document],
  members: [API.getProject, API.invitations],
  invitations: [API.invitations],
  applications: [API.getProject, API.listApplications, API.myApplications, API.listProjects],
  versions: [API.versions],
  threads: [API.threads],
  activity: [API.activity, API.checkinDates],
  plan: [API.milestones, API.workLog, API.payment],
  reviews: [API.reviews, API.outcome],
  inbox: [API.notifications],
};

/**
 * After a topic moved: every cached answer it concerns is asked again — of one project (its
 * `id` parameter) for a project's topic, of any project for the person's own.
 */
export function invalidateTopics(topics: readonly (LiveTopic | PersonTopic)[], projectId?: string): void {
  const paths = new Set(topics.flatMap((topic) => TOPIC_ANSWERS[topic].map((e) => e.path)));
  const predicate = (query: Query) => {
    const [, path, options] = query.queryKey as [string, string, { params?: { id?: string } }];
    if (!paths.has(path)) return false;
    return projectId === undefined || options.params?.id === undefined || options.params.id === projectId;
  };
  // A request already under way may have been answered before this change: it is dropped and
  // asked again (a first load in flight would otherwise absorb the refetch and keep the old answer).
  void queryClient.cancelQueries({ predicate }).then(() => queryClient.invalidateQueries({ predicate }));
}
