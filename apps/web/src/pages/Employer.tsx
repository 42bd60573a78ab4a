import { API, type ApiAnswer, REVIEW_AVERAGE_MIN } from '@stint/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { Stars } from '../components/Reviews.tsx';
import { call, errorText } from '../lib/api.ts';

type Profile = ApiAnswer<typeof API.employerProfile>;
type Org = NonNullable<ApiAnswer<typeof API.organisation>['organisation']>;

/** An employer's public profile: the organisation, a link to its website, its open projects. */
export function EmployerProfile() {
  const { employerId = '' } = useParams();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call(API.employerProfile, { params: { employerId } }).then(setProfile, (e: unknown) => setError(errorText(e)));
  }, [employerId]);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!profile) return <Loading what="Loading the employer" />;
  const { employer, projects } = profile;
  const org = employer.organisation;
  return (
    <article className="stack employer-profile">
      <header>
        <h1>{org?.name ?? employer.name}</h1>
        <p className="muted">{org ? `Posted by ${employer.name}` : 'This employer has not described an organisation yet.'}</p>
      </header>
      {org?.about ? <p className="summary">{org.about}</p> : null}
      {org?.website ? (
        <p>
          <a href={org.website} rel="nofollow noopener noreferrer" target="_blank">
            {new URL(org.website).host}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="from-students" className="card stack">
        <h2 id="from-students">What students say</h2>
        <StudentAverages reviews={profile.reviews} />
      </section>
      <section aria-labelledby="open-projects" className="stack">
        <h2 id="open-projects">Open projects</h2>
        {projects.length === 0 ? <p className="muted">None open right now.</p> : null}
        <ul className="stack plain">
          {projects.map((p) => (
            <li key={p.id} className="card">
              <h3>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
              </h3>
              <p className="summary">{p.summary}</p>
              <ul className="chips" aria-label="Skills">
                {p.skills.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

/** Students' averages: shown from REVIEW_AVERAGE_MIN reviews on, so no one review can be traced to its student. */
function StudentAverages({ reviews }: { reviews: Profile['reviews'] }) {
  if (reviews.clarity === null || reviews.responsiveness === null || reviews.wouldWorkAgain === null) {
    return (
      <p className="muted">
        {reviews.count === 0 ? 'No reviews from students yet.' : `Averages show from ${REVIEW_AVERAGE_MIN} reviews on (${reviews.count} so far).`}
      </p>
    );
  }
  return (
    <>
      <table className="ratings">
        <tbody>
          <tr>
            <td>Clarity of the brief</td>
            <td>
              <Stars n={Math.round(reviews.clarity)} label={`${reviews.clarity.toFixed(1)} of 5 on average`} /> {reviews.clarity.toFixed(1)}
            </td>
          </tr>
          <tr>
            <td>Responsiveness</td>
            <td>
              <Stars n={Math.round(reviews.responsiveness)} label={`${reviews.responsiveness.toFixed(1)} of 5 on average`} />{' '}
              {reviews.responsiveness.toFixed(1)}
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        {Math.round(reviews.wouldWorkAgain * 100)}% of students would work with them again · from {reviews.count} reviews
      </p>
    </>
  );
}

/** The employer's own settings: the organisation the board and their profile show. */
export function OrganisationSettings({ userId }: { userId: string }) {
  const [org, setOrg] = useState<Org | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    call(API.organisation).then(
      (r) => setOrg(r.organisation),
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  if (org === undefined) return error ? <Alert error={error} /> : <Loading what="Loading your organisation" />;
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    try {
      const website = String(f.get('website') ?? '').trim();
      const answer = await call(API.setOrganisation, { body: { name: String(f.get('name')), about: String(f.get('about') ?? ''), website: website || null } });
      setOrg(answer.organisation);
      setSaved(true);
      setError(null);
    } catch (e) {
      setError(errorText(e));
      setSaved(false);
    }
  };
  return (
    <article className="stack narrow">
      <h1>Your organisation</h1>
      <p className="muted">
        Students see it on the board and on <Link to={`/employers/${userId}`}>your public profile</Link>.
      </p>
      <form className="card stack" aria-label="Organisation" onSubmit={save}>
        <label>
          Name
          <input name="name" required minLength={2} maxLength={120} defaultValue={org?.name ?? ''} />
        </label>
        <label>
          What you do, in a few sentences
          <textarea name="about" maxLength={600} rows={4} defaultValue={org?.about ?? ''} />
        </label>
        <label>
          Website
          <input name="website" type="url" placeholder="https://" maxLength={200} defaultValue={org?.website ?? ''} />
        </label>
        <Alert error={error} />
        {saved ? (
          <p className="notice" role="status">
            Saved.
          </p>
        ) : null}
        <button type="submit">Save</button>
      </form>
    </article>
  );
}
