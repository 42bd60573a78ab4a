import { API } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { useApi } from '../lib/queries.ts';
import { Alert } from './Alert.tsx';

/** What employers read beside each of your applications: a few sentences, skills (comma-separated), links (one a line). */
export function ProfileForm() {
  const { data, refetch } = useApi(API.profile);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!data) return null;
  const { profile } = data;
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const list = (name: string, split: RegExp) =>
      String(form.get(name) ?? '')
        .split(split)
        .map((s) => s.trim())
        .filter(Boolean);
    try {
      await call(API.setProfile, { body: { about: String(form.get('about') ?? ''), skills: list('skills', /,/), links: list('links', /\s+/) } });
      setError(null);
      setSaved(true);
      void refetch();
    } catch (e) {
      setError(errorText(e));
      setSaved(false);
    }
  };
  return (
    <form className="stack" onSubmit={save} onChange={() => setSaved(false)} aria-labelledby="profile-heading">
      <h2 id="profile-heading">Your profile</h2>
      <p className="muted">Employers read it beside each application you send, with a link to your public page once you choose a handle.</p>
      <label className="stack">
        About you
        <textarea
          name="about"
          rows={4}
          maxLength={1000}
          defaultValue={profile.about}
          placeholder="What you study, what you like to work on, what you want to learn."
        />
      </label>
      <label className="stack">
        Skills <span className="hint">Separated by commas, up to 12.</span>
        <input name="skills" defaultValue={profile.skills.join(', ')} placeholder="sql, python, user research" />
      </label>
      <label className="stack">
        Links <span className="hint">One a line, up to 5: GitHub, LinkedIn, a site of yours.</span>
        <textarea name="links" rows={3} defaultValue={profile.links.join('\n')} placeholder="https://github.com/you" spellCheck={false} />
      </label>
      <Alert error={error} />
      <div className="row">
        <button type="submit">Save profile</button>
        {saved ? (
          <span className="ok" role="status">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** An applicant's profile as the employer reads it in the list of applications. */
export function ApplicantProfile({ profile }: { profile: { about: string; skills: string[]; links: string[]; portfolioUrl: string | null } }) {
  if (!profile.about && profile.skills.length === 0 && profile.links.length === 0 && !profile.portfolioUrl) {
    return <p className="muted small">No profile written yet.</p>;
  }
  return (
    <div className="applicant-profile stack">
      {profile.about ? <p className="about">{profile.about}</p> : null}
      {profile.skills.length > 0 ? (
        <ul className="chips" aria-label="Their skills">
          {profile.skills.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : null}
      {profile.links.length > 0 || profile.portfolioUrl ? (
        <p className="row wrap links">
          {profile.portfolioUrl ? (
            <a href={profile.portfolioUrl} target="_blank" rel="noreferrer">
              Portfolio on Stint
            </a>
          ) : null}
          {profile.links.map((l) => (
            <a key={l} href={l} target="_blank" rel="noreferrer nofollow">
              {l.replace(/^https?:\/\//, '').replace(/\/$/, '')}
            </a>
          ))}
        </p>
      ) : null}
    </div>
  );
}
