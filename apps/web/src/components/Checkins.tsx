import { API, type ApiAnswer } from '@stint/domain';
import { CHECKIN_STATUS_LABELS, CHECKIN_STATUSES, CHECKINS_FIELD, type CheckinStatus } from '@stint/editor';
import { type FormEvent, useEffect, useState } from 'react';
import * as Y from 'yjs';
import { call } from '../lib/api.ts';
import type { User } from '../lib/types.ts';
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
}: {
  projectId: string;
  doc: Y.Doc;
  editable: boolean;
  user: User;
  start: string;
  due: string | null;
}) {
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
      <CheckinTimeline entries={list} start={start} due={due} />
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
