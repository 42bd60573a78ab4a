import {
  API,
  type ApiAnswer,
  CHANNEL_LABELS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_GROUPS,
  type NotificationChannel,
  type NotificationGroup,
} from '@stint/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { call, errorText } from '../lib/api.ts';

type Pref = ApiAnswer<typeof API.notificationPrefs>['prefs'][number];

/** Per kind of notification: in Stint only, email at once, a daily digest, or off. */
export function NotificationSettings() {
  const [prefs, setPrefs] = useState<Pref[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    call(API.notificationPrefs).then(
      (r) => setPrefs(r.prefs),
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const answer = await call(API.setNotificationPrefs, {
        body: { prefs: (prefs ?? []).map((p) => ({ kind: p.kind, channel: String(form.get(p.kind)) as NotificationChannel })) },
      });
      setPrefs(answer.prefs);
      setSaved(true);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (!prefs) return error ? <p className="error">{error}</p> : <Loading what="Loading your settings" />;
  return (
    <section className="card narrow stack">
      <h1>Notifications</h1>
      <p className="muted">Everything shows under the bell. Choose which also reach your email, at once or in one email a day.</p>
      <form className="stack" onSubmit={save} onChange={() => setSaved(false)}>
        {/* Yours first, by group; the kinds that can't reach you as you are now stay below, folded. */}
        {groupsOf(prefs.filter((p) => p.concernsYou)).map(([group, list]) => (
          <fieldset key={group} className="stack prefs-group">
            <legend>{NOTIFICATION_GROUPS[group]}</legend>
            {list.map((p) => (
              <PrefRow key={p.kind} pref={p} />
            ))}
          </fieldset>
        ))}
        {prefs.some((p) => !p.concernsYou) ? (
          <details className="prefs-other">
            <summary>Other kinds (for roles you don’t hold yet)</summary>
            <div className="stack">
              {prefs
                .filter((p) => !p.concernsYou)
                .map((p) => (
                  <PrefRow key={p.kind} pref={p} />
                ))}
            </div>
          </details>
        ) : null}
        <Alert error={error} />
        <div className="row">
          <button type="submit">Save</button>
          {saved ? (
            <span className="muted" role="status">
              Saved.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function groupsOf(prefs: readonly Pref[]): Array<[NotificationGroup, Pref[]]> {
  return (Object.keys(NOTIFICATION_GROUPS) as NotificationGroup[])
    .map((g) => [g, prefs.filter((p) => p.group === g)] as [NotificationGroup, Pref[]])
    .filter(([, list]) => list.length > 0);
}

function PrefRow({ pref }: { pref: Pref }) {
  return (
    <label className="row between wrap pref">
      <span>{pref.label}</span>
      <select name={pref.kind} defaultValue={pref.channel}>
        {NOTIFICATION_CHANNELS.map((c) => (
          <option key={c} value={c}>
            {CHANNEL_LABELS[c]}
            {c === pref.default ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
