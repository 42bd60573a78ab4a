import { API, type ApiAnswer } from '@stint/domain';
import { useEffect, useMemo, useRef, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatMoment } from '../lib/dates.ts';
import { useApi } from '../lib/queries.ts';
import { useScrollToHash } from '../lib/scroll-to-hash.ts';
import { STATUS_LABELS } from '../lib/types.ts';

type Event = ApiAnswer<typeof API.activity>['events'][number];

const LABELS: Record<string, string> = {
  create: 'Project created',
  publish: 'Published to the board',
  apply: 'Application received',
  decline: 'Application declined',
  withdraw: 'Application withdrawn',
  invite: 'Member added',
  accept: 'Application accepted; work started',
  submit: 'Submitted for review',
  request_changes: 'Changes requested',
  complete: 'Completed',
  archive: 'Added to the student’s portfolio',
  cancel: 'Cancelled',
  schedule_checkins: 'Check-in due dates set',
  milestone_add: 'Milestone added',
  milestone_edit: 'Milestone changed',
  milestone_remove: 'Milestone removed',
  milestone_agree: 'Milestone agreed',
  milestone_complete: 'Milestone marked done',
  milestone_accept: 'Milestone accepted',
  milestone_reopen: 'Milestone reopened',
  extension_request: 'More time asked for',
  extension_grant: 'More time granted',
  extension_decline: 'More time declined',
  payment_paid: 'Fee recorded as paid',
  step_away: 'The student stepped away',
  review_given: 'The student reviewed working with the employer',
  review_edited: 'The student changed their review',
  rating_edited: 'The employer changed their rating',
};

const when = formatMoment;

/** The project's timeline, newest first, live: a new event appears as soon as it is committed. */
export function useActivity(projectId: string, enabled = true) {
  // Members only: a visitor's page asks nothing. The newest page comes from the cache (asked
  // again when the activity moves); older pages, once asked for, are kept below it.
  const first = useApi(API.activity, { params: { id: projectId } }, enabled);
  const [older, setOlder] = useState<{ events: Event[]; next: string | null } | null>(null);
  const [failure, setError] = useState<string | null>(null);
  const newest = first.data?.events ?? null;
  // One array per answer, so what waits for the events (a #hash to scroll to) runs once per change.
  const events = useMemo(() => {
    const shown = new Set(newest?.map((e) => e.id));
    return newest && [...newest, ...(older?.events ?? []).filter((e) => !shown.has(e.id))];
  }, [newest, older]);
  const next = older ? older.next : (first.data?.next ?? null);
  const more = () => {
    if (!next) return;
    call(API.activity, { params: { id: projectId }, query: { before: next } }).then(
      (page) => setOlder((before) => ({ events: [...(before?.events ?? []), ...page.events], next: page.next })),
      (e: unknown) => setError(errorText(e)),
    );
  };
  return { events, next, more, error: failure ?? first.error };
}

export type Activity = ReturnType<typeof useActivity>;

export function ActivityTimeline({ activity }: { activity: Activity }) {
  const { events, next, more, error } = activity;
  // An inbox link names an entry (#event-<id>): show it once the timeline has loaded.
  useScrollToHash(events);
  return (
    <section className="card stack" aria-labelledby="activity">
      <h2 id="activity">Activity</h2>
      {error ? <p className="error">{error}</p> : null}
      {events === null ? <p className="muted">Loading…</p> : null}
      <ol className="activity">
        {(events ?? []).map((e) => (
          <li key={e.id} id={`event-${e.id}`} className={`activity-${e.kind}`}>
            <strong>{LABELS[e.kind] ?? e.kind}</strong>
            <span className="muted">
              {' · '}
              {e.actor?.name ?? 'Stint'} · <time dateTime={e.at}>{when(e.at)}</time>
            </span>
            {e.message ? <blockquote>{e.message}</blockquote> : null}
          </li>
        ))}
      </ol>
      {next ? (
        <button type="button" className="secondary small" onClick={more}>
          Show older
        </button>
      ) : null}
    </section>
  );
}

/**
 * While the work is back in progress after a review, what the employer asked for, where the
 * student works — until it is submitted again.
 */
export function ChangesRequested({ events, status, compact = false }: { events: Activity['events']; status: string; compact?: boolean }) {
  if (status !== 'in_progress' || !events) return null;
  const latest = events.find((e) => e.kind === 'submit' || e.kind === 'request_changes');
  if (latest?.kind !== 'request_changes') return null;
  const heading = (
    <strong>
      Changes requested by {latest.actor?.name ?? 'the employer'} · <time dateTime={latest.at}>{when(latest.at)}</time>
    </strong>
  );
  // Beside the editor it stays in view while the person scrolls and types, folded to one line.
  if (compact)
    return (
      <details className="changes-requested compact" aria-label="Changes requested">
        <summary>{heading}</summary>
        {latest.message ? <p>{latest.message}</p> : null}
      </details>
    );
  return (
    <aside className="changes-requested" aria-label="Changes requested">
      {heading}
      {latest.message ? <p>{latest.message}</p> : null}
    </aside>
  );
}

/**
 * What moved while the person was on the page — someone else's move, heard live — said once
 * through a polite live region (present from the start, so screen readers hear its changes):
 * changes requested, with the message, or the status the project moved to.
 */
export function ProjectAnnouncer({ events, status }: { events: Activity['events']; status: keyof typeof STATUS_LABELS }) {
  const seen = useRef<{ status: string; eventId: number | null } | null>(null);
  const [said, setSaid] = useState('');
  const latest = events?.[0];
  useEffect(() => {
    if (!events) return;
    const before = seen.current;
    seen.current = { status, eventId: latest?.id ?? null };
    if (!before) return;
    if (latest && latest.id !== before.eventId && latest.kind === 'request_changes') {
      setSaid(`Changes requested by ${latest.actor?.name ?? 'the employer'}${latest.message ? `: ${latest.message}` : '.'}`);
    } else if (status !== before.status) setSaid(`This project is now ${STATUS_LABELS[status].toLowerCase()}.`);
  }, [events, latest, status]);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-announcer="">
      {said}
    </p>
  );
}

/** A draft its student stepped away from: who, when, why, and what the employer can do now. */
export function SteppedAway({ events, status }: { events: Activity['events']; status: string }) {
  if (status !== 'draft' || !events) return null;
  const latest = events.find((e) => e.kind === 'step_away' || e.kind === 'publish');
  if (latest?.kind !== 'step_away') return null;
  return (
    <aside className="changes-requested" role="status" aria-label="Student stepped away">
      <strong>
        {latest.actor?.name ?? 'The student'} stepped away · <time dateTime={latest.at}>{when(latest.at)}</time>
      </strong>
      {latest.message ? <p>{latest.message}</p> : null}
      <p className="hint">
        The work so far stays here (each document has a version from when they left). Publish the project to re-open it: earlier applicants are back in your
        list. Or cancel it.
      </p>
    </aside>
  );
}
