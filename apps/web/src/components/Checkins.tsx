import { API, type ApiAnswer } from '@stint/domain';
import { CHECKIN_STATUS_LABELS, CHECKIN_STATUSES, CHECKINS_FIELD, type CheckinStatus } from '@stint/editor';
import { type FormEvent, useEffect, useState } from 'react';
import * as Y from 'yjs';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { useMilestones } from '../lib/plan.ts';
import { apiKey, queryClient, useApi } from '../lib/queries.ts';
import type { User } from '../lib/types.ts';
import { Alert } from './Alert.tsx';
import { CheckinTimeline, type TimelineEntry } from './CheckinTimeline.tsx';
import { RichEditor } from './RichEditor.tsx';

interface Entry extends TimelineEntry {
  /** The Yjs client that created the entry: the server says whose it is. */
  client: number;
  body: Y.XmlFragment;
}

type Authors = NonNullable<ApiAnswer<typeof API.document>['authors']>;

function read(entries: Y.Array<Y.Map<unknown>>): Entry[] {
  return entries
    .toArray()
    .filter((m) => m instanceof Y.Map)
    .map((m) => ({
      client: m._item?.id.client ?? -1,
      id: String(m.get('id')),
      date: String(m.get('date')),
      status: (CHECKIN_STATUSES.includes(m.get('status') as CheckinStatus) ? m.get('status') : 'on_track') as CheckinStatus,
      body: m.get('body') as Y.XmlFragment,
    }))
    .filter((e) => e.body instanceof Y.XmlFragment)
    .sort((a, b) => b.date.localeCompare(a.date));
}

/** Dated check-ins with a status and a rich-text body, newest first, under a timeline. */
export function Checkins({
  projectId,
  doc,
  editable,
  user,
  start,
  due,
  canSchedule,
}: {
  projectId: string;
  doc: Y.Doc;
  editable: boolean;
  user: User;
  start: string;
  due: string | null;
  /** The employer or mentor of a running project: sets when check-ins are due. */
  canSchedule: boolean;
}) {
  const schedule = useCheckinDates(projectId);
  const { plan } = useMilestones(projectId);
  const entries = doc.getArray<Y.Map<unknown>>(CHECKINS_FIELD);
  const [list, setList] = useState<Entry[]>(() => read(entries));
  const [authors, setAuthors] = useState<Authors>({});
  useEffect(() => {
    const update = () => setList(read(entries));
    entries.observe(update);
    update();
    return () => entries.unobserve(update);
  }, [entries]);
  // Authorship is the server's (its update log), never a name written into the document.
  const unknownClients = list
    .filter((e) => !authors[String(e.client)])
    .map((e) => e.client)
    .join(',');
  useEffect(() => {
    if (!unknownClients) return;
    let live = true;
    call(API.document, { params: { id: projectId, kind: 'checkins' } })
      .then((answer) => live && setAuthors((known) => ({ ...known, ...answer.authors })))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [projectId, unknownClients]);

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const entry = new Y.Map<unknown>();
    const body = new Y.XmlFragment();
    doc.transact(() => {
      entry.set('id', crypto.randomUUID());
      entry.set('date', String(f.get('date')));
      entry.set('status', String(f.get('status')));
      entry.set('body', body);
      entries.push([entry]);
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, String(f.get('note') ?? ''));
      paragraph.insert(0, [text]);
      body.insert(0, [paragraph]);
    });
    event.currentTarget.reset();
  };

  return (
    <div className="stack">
      <CheckinTimeline entries={list} start={start} due={due} checkinsDue={schedule.dates} milestones={plan?.milestones ?? []} today={plan?.today} />
      <CheckinSchedule schedule={schedule} canSchedule={canSchedule} />
      {editable ? (
        <form onSubmit={add} className="card row wrap end" aria-label="Add a check-in">
          <label>
            Date
            <input name="date" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} />
          </label>
          <label>
            Status
            <select name="status" defaultValue="on_track">
              {CHECKIN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {CHECKIN_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            Note
            <input name="note" required placeholder="What happened, what's next" />
          </label>
          <button type="submit">Add check-in</button>
        </form>
      ) : null}
      {list.length === 0 ? <p className="empty">No check-ins yet.</p> : null}
      <ol className="checkins">
        {list.map((e) => (
          <li key={e.id} className={`card checkin checkin-${e.status}`}>
            <header className="row between">
              <strong>{e.date}</strong>
              <span className={`pill pill-${e.status}`}>{CHECKIN_STATUS_LABELS[e.status]}</span>
            </header>
            <p className="muted">{authors[String(e.client)]?.name ?? (e.client === doc.clientID ? user.name : '…')}</p>
            <RichEditor label={`Check-in of ${e.date}`} fragment={e.body} editable={editable} user={user} />
          </li>
        ))}
      </ol>
    </div>
  );
}

const longDate = formatDay;

/** The project's check-in due dates, live (a change is an event of the project). */
function useCheckinDates(projectId: string) {
  // A change of dates is an event of the project: the activity topic asks again.
  const key = { params: { id: projectId } };
  const answer = useApi(API.checkinDates, key);
  const dates = answer.data?.dates ?? [];
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? answer.error;
  const save = async (next: string[]) => {
    try {
      const saved = await call(API.setCheckinDates, { params: { id: projectId }, body: { dates: next } });
      queryClient.setQueryData(apiKey(API.checkinDates, key), saved);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { dates, error, save };
}

/** When check-ins are due: the next one for everyone; add and remove for the employer and mentor. */
function CheckinSchedule({ schedule, canSchedule }: { schedule: ReturnType<typeof useCheckinDates>; canSchedule: boolean }) {
  const today = new Date().toISOString().slice(0, 10);
  const next = schedule.dates.find((d) => d >= today);
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const date = String(new FormData(event.currentTarget).get('due') ?? '');
    if (date) void schedule.save([...schedule.dates, date]);
    event.currentTarget.reset();
  };
  if (!canSchedule && schedule.dates.length === 0) return null;
  return (
    <section className="card stack checkin-schedule" aria-labelledby="checkin-schedule">
      <h2 id="checkin-schedule">Check-ins due</h2>
      <p className="muted">
        {next ? `Next check-in due ${longDate(next)}. The student is reminded the day before, and the mentor too if one is missed.` : 'No check-in is due.'}
      </p>
      <ul className="row wrap chips">
        {schedule.dates.map((d) => (
          <li key={d} className={`chip${d < today ? ' past' : ''}`}>
            <time dateTime={d}>{longDate(d)}</time>
            {canSchedule ? (
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${longDate(d)}`}
                onClick={() => void schedule.save(schedule.dates.filter((x) => x !== d))}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canSchedule ? (
        <form className="row wrap end" onSubmit={add} aria-label="Add a check-in due date">
          <label>
            Due date
            <input name="due" type="date" min={today} required />
          </label>
          <button type="submit" className="secondary">
            Add due date
          </button>
        </form>
      ) : null}
      <Alert error={schedule.error} />
    </section>
  );
}
