import { API, formatMinutes, WORK_LOG_EDIT_HOURS } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { useWorkLog } from '../lib/plan.ts';
import { Alert } from './Alert.tsx';

/**
 * Hours worked against the estimate, for everyone on the project; the student logs time here
 * (date, how long, what was done) and may correct an entry for 48 hours.
 */
export function WorkLog({ projectId, canLog }: { projectId: string; canLog: boolean }) {
  const { log, error } = useWorkLog(projectId, true);
  const [failure, setFailure] = useState<string | null>(null);
  if (!log) return error ? <Alert error={error} /> : null;
  if (log.entries.length === 0 && !canLog) return null;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const f = new FormData(target);
    const minutes = Number(f.get('hours') || 0) * 60 + Number(f.get('minutes') || 0);
    try {
      await call(API.logWork, { params: { id: projectId }, body: { date: String(f.get('date')), minutes, description: String(f.get('description')) } });
      setFailure(null);
      target.reset();
    } catch (e) {
      setFailure(errorText(e));
    }
  };
  const remove = async (entryId: string) => {
    try {
      await call(API.removeWork, { params: { id: projectId, entryId } });
    } catch (e) {
      setFailure(errorText(e));
    }
  };
  return (
    <section aria-labelledby="work-log-heading" id="work-log" className="stack">
      <h2 id="work-log-heading">Hours</h2>
      <div className="hours" data-total-minutes={log.totalMinutes}>
        <p>
          <strong>{formatMinutes(log.totalMinutes)}</strong> logged of {formatMinutes(log.estimatedMinutes)} estimated
        </p>
        <meter className="meter" min={0} max={log.estimatedMinutes} value={log.totalMinutes} aria-label="Hours against the estimate" />
      </div>
      {canLog ? (
        <form className="card row wrap end" aria-label="Log time" onSubmit={submit}>
          <label>
            Day
            <input name="date" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} max={new Date().toISOString().slice(0, 10)} />
          </label>
          <label className="short">
            Hours
            <input name="hours" type="number" min={0} max={24} step={1} defaultValue={1} />
          </label>
          <label className="short">
            Minutes
            <input name="minutes" type="number" min={0} max={59} step={5} defaultValue={0} />
          </label>
          <label className="grow">
            What you did
            <input name="description" required maxLength={500} />
          </label>
          <button type="submit">Log time</button>
        </form>
      ) : null}
      <Alert error={failure} />
      {log.entries.length ? (
        <table className="work-log">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Time</th>
              <th scope="col">What</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e) => (
              <tr key={e.id}>
                <td>{e.date}</td>
                <td>{formatMinutes(e.minutes)}</td>
                <td>{e.description}</td>
                <td>
                  {e.editableUntil ? (
                    <button type="button" className="link" onClick={() => remove(e.id)} title={`Entries can be changed for ${WORK_LOG_EDIT_HOURS} hours`}>
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
