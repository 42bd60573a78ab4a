import type { Role } from '@stint/domain';
import { API, type ApiAnswer, offersPosting } from '@stint/domain';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { ProjectCard } from '../components/ProjectCard.tsx';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { apiKey, useApi } from '../lib/queries.ts';
import { useScrollToHash } from '../lib/scroll-to-hash.ts';
import { useSession } from '../lib/session.tsx';

const ROLE_TITLES: Record<Role, string> = {
  employer: 'Projects you posted',
  student: 'Your internships',
  mentor: 'Projects you mentor',
  viewer: 'Projects you follow',
};

/** My projects, grouped by my role in them, active ones first. */
export function Dashboard() {
  const { user } = useSession();
  // An acceptance puts a project here: the person's stream asks again when their applications move.
  const mine = useApi(API.listProjects, { query: { mine: 'true', limit: 100 } });
  const applications = useApi(API.myApplications);
  const details = useQueries({
    queries: (mine.data?.projects ?? []).map((p) => ({
      queryKey: apiKey(API.getProject, { params: { id: p.id } }),
      queryFn: () => call(API.getProject, { params: { id: p.id } }),
    })),
  });
  const failed = details.find((d) => d.error)?.error;
  const error = mine.error ?? (failed ? errorText(failed) : null);
  const items = mine.data && details.every((d) => d.data) ? details.map((d) => ({ project: d.data!.project, role: d.data!.myRole ?? 'viewer' })) : null;
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!items) return <Loading what="Loading your projects" />;
  // The same query MyApplications reads (one request): the empty text shouldn't sit above a list.
  const applied = applications.data?.applications.length ?? 0;
  const order = ['in_progress', 'in_review', 'open', 'draft', 'completed', 'archived', 'cancelled'];
  return (
    <section>
      <h1>My projects</h1>
      {items.length === 0 ? (
        <p className="empty">
          {user && offersPosting(user.accountType) ? (
            <>
              Nothing here yet. <Link to="/projects/new">Post your first micro-internship</Link> or <Link to="/board">see what others offer</Link>.
            </>
          ) : applied > 0 ? (
            <>
              You’re not on a project yet: where your applications stand is below. <Link to="/board">Find more</Link>.
            </>
          ) : (
            <>
              Nothing here yet. <Link to="/board">Find a micro-internship</Link> and apply.
            </>
          )}
        </p>
      ) : null}
      {(['employer', 'student', 'mentor', 'viewer'] as Role[]).map((role) => {
        const mine = items.filter((i) => i.role === role).sort((a, b) => order.indexOf(a.project.status) - order.indexOf(b.project.status));
        if (mine.length === 0) return null;
        return (
          <section key={role} aria-labelledby={`group-${role}`}>
            <h2 id={`group-${role}`}>{ROLE_TITLES[role]}</h2>
            <div className="grid">
              {mine.map((i) => (
                <ProjectCard key={i.project.id} project={i.project} role={role} />
              ))}
            </div>
          </section>
        );
      })}
      <MyApplications />
    </section>
  );
}

type MyApplication = ApiAnswer<typeof API.myApplications>['applications'][number];

const APPLICATION_LABELS: Record<MyApplication['status'], string> = {
  pending: 'Waiting for the employer',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The person's own applications with where each stands; a pending one can be withdrawn. */
function MyApplications() {
  const answer = useApi(API.myApplications);
  const apps = answer.data?.applications ?? null;
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? answer.error;
  const load = () => void answer.refetch();
  const withdraw = async (a: MyApplication) => {
    if (!confirm(`Withdraw your application to “${a.project.title}”?`)) return;
    try {
      await call(API.withdraw, { params: { id: a.project.id, appId: a.id } });
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
    // Either way the list shows where the application stands now.
    load();
  };
  useScrollToHash(apps);
  if (!apps || apps.length === 0) return error ? <p className="error">{error}</p> : null;
  return (
    <section id="my-applications-list" aria-labelledby="my-applications">
      <h2 id="my-applications">Your applications</h2>
      <Alert error={error} />
      <ul className="stack">
        {apps.map((a) => (
          <li key={a.id} className="card">
            <div className="row between wrap">
              <Link to={`/projects/${a.project.id}`}>{a.project.title}</Link>
              <span className={`status app-${a.status}`}>{APPLICATION_LABELS[a.status]}</span>
            </div>
            <p className="muted">Applied {formatDay(a.createdAt)}</p>
            {a.message ? <blockquote>{a.message}</blockquote> : null}
            {a.abilities.withdraw ? (
              <button type="button" className="secondary small" onClick={() => void withdraw(a)}>
                Withdraw
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
