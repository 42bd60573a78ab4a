import type { Role } from '@stint/domain';
import { API, type ApiAnswer, offersPosting } from '@stint/domain';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { ProjectCard } from '../components/ProjectCard.tsx';
import { call, errorText } from '../lib/api.ts';
import { usePersonTopic } from '../lib/person-live.ts';
import { useScrollToHash } from '../lib/scroll-to-hash.ts';
import { useSession } from '../lib/session.tsx';
import type { Project } from '../lib/types.ts';

const ROLE_TITLES: Record<Role, string> = {
  employer: 'Projects you posted',
  student: 'Your internships',
  mentor: 'Projects you mentor',
  viewer: 'Projects you follow',
};

/** My projects, grouped by my role in them, active ones first. */
export function Dashboard() {
  const { user } = useSession();
  const [items, setItems] = useState<Array<{ project: Project; role: Role }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // An acceptance puts a project here: loads again when the person's applications move.
  const moved = usePersonTopic(user?.id ?? null, 'applications');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `moved` is the trigger
  useEffect(() => {
    call(API.listProjects, { query: { mine: 'true', limit: 100 } })
      .then(({ projects }) => Promise.all(projects.map((p) => call(API.getProject, { params: { id: p.id } }))))
      .then((details) => setItems(details.map((d) => ({ project: d.project, role: d.myRole ?? 'viewer' }))))
      .catch((e: unknown) => setError(errorText(e)));
  }, [moved]);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!items) return <Loading what="Loading your projects" />;
  const order = ['in_progress', 'in_review', 'open', 'draft', 'completed', 'archived', 'cancelled'];
  return (
    <section>
      <h1>Welcome back, {user?.name.split(' ')[0]}</h1>
      {items.length === 0 ? (
        <p className="empty">
          {user && offersPosting(user.accountType) ? (
            <>
              Nothing here yet. <Link to="/projects/new">Post your first micro-internship</Link> or <Link to="/board">see what others offer</Link>.
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
  const { user } = useSession();
  const [apps, setApps] = useState<MyApplication[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call(API.myApplications).then(
      (r) => setApps(r.applications),
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  const moved = usePersonTopic(user?.id ?? null, 'applications');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `moved` is the trigger
  useEffect(load, [load, moved]);
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
            <p className="muted">Applied {new Date(a.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</p>
            {a.message ? <blockquote>{a.message}</blockquote> : null}
            {a.status === 'pending' ? (
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
