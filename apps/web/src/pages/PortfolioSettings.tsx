import { API, type ApiAnswer, employerLine } from '@stint/domain';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { ProfileForm } from '../components/ProfileForm.tsx';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';

type Mine = ApiAnswer<typeof API.myPortfolio>;

/**
 * Your public portfolio: the handle it lives under (`/u/<handle>`) and which of your items it
 * shows. Each item stays verifiable at its own page whichever you choose.
 */
export function PortfolioSettings() {
  const [mine, setMine] = useState<Mine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const load = useCallback(
    () =>
      call(API.myPortfolio).then(
        (r) => setMine(r),
        (e: unknown) => setError(errorText(e)),
      ),
    [],
  );
  useEffect(() => void load(), [load]);

  /** A form's submit: what `send` answers (the portfolio as saved) replaces what is shown. */
  const saving = (send: (form: FormData) => Promise<Mine>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      setMine(await send(new FormData(event.currentTarget)));
      setSaved(true);
      setError(null);
    } catch (e) {
      setError(errorText(e));
      setSaved(false);
    }
  };
  const choose = saving((form) => call(API.setHandle, { body: { handle: String(form.get('handle') ?? '') } }));
  const saveDid = saving((form) => call(API.setDid, { body: { did: String(form.get('did') ?? '') || null } }));
  const toggle = async (itemId: string, hidden: boolean) => {
    try {
      await call(hidden ? API.publishPortfolioItem : API.hidePortfolioItem, { params: { itemId } });
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (!mine) return error ? <Alert error={error} /> : <Loading what="Loading your portfolio" />;
  const publicUrl = mine.handle ? `/u/${mine.handle}` : null;
  return (
    <section className="card narrow stack">
      <h1>Your portfolio</h1>
      <p className="muted">
        Every completed micro-internship becomes a signed portfolio item anyone can verify. Choose a handle to list the ones you publish on one public page.
      </p>
      <ProfileForm />
      <h2>Your public page</h2>
      <form className="row wrap" onSubmit={choose} onChange={() => setSaved(false)}>
        <label className="grow">
          Handle
          <input name="handle" defaultValue={mine.handle ?? ''} placeholder="e.g. sam-rivera" required minLength={3} maxLength={30} />
        </label>
        <button type="submit">{mine.handle ? 'Change handle' : 'Choose handle'}</button>
      </form>
      <form className="stack" onSubmit={saveDid} onChange={() => setSaved(false)}>
        <label className="stack">
          Wallet DID{' '}
          <span className="hint">
            Optional. Paste the DID your wallet shows (e.g. the Learner Credential Wallet) and credentials issued to you from now on name you by it, so the
            wallet knows they are yours.
          </span>
          <input name="did" defaultValue={mine.did ?? ''} placeholder="did:key:z6Mk…" maxLength={500} spellCheck={false} autoComplete="off" />
        </label>
        <div className="row">
          <button type="submit" className="secondary">
            {mine.did ? 'Save DID' : 'Add DID'}
          </button>
        </div>
      </form>
      <Alert error={error} />
      {saved ? (
        <p className="ok" role="status">
          Saved.
        </p>
      ) : null}
      {publicUrl ? (
        <p>
          Your public page:{' '}
          <a href={publicUrl} target="_blank" rel="noreferrer">
            {location.origin}
            {publicUrl}
          </a>
        </p>
      ) : null}
      <h2>Items</h2>
      {mine.items.length === 0 ? <p className="muted">None yet: your items appear here once a project you did is completed and archived.</p> : null}
      <ul className="stack portfolio-items">
        {mine.items.map((item) => (
          <li key={item.id} className="row wrap">
            <span className="grow">
              <a href={`/p/${item.id}`} target="_blank" rel="noreferrer">
                {item.title}
              </a>{' '}
              <span className="muted">
                · {employerLine({ name: item.employer, organisation: item.organisation })} · {formatDay(item.completedAt)}
              </span>
            </span>
            {item.revoked ? (
              <span className="error">Revoked by the employer</span>
            ) : (
              <>
                <span className={item.hidden ? 'muted' : 'ok'}>{item.hidden ? 'Hidden' : 'Public'}</span>
                <button type="button" className="secondary small" onClick={() => void toggle(item.id, item.hidden)}>
                  {item.hidden ? 'Publish' : 'Hide'}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
