import { API, allows, DOC_KIND_TRAITS, isFinal, rightFor, WORK_LOG_STATUSES } from '@stint/domain';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActivityTimeline, ChangesRequested, SteppedAway, useActivity } from '../components/Activity.tsx';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Loading } from '../components/Layout.tsx';
import { ExportLinks, Outcome } from '../components/Outcome.tsx';
import { Payment } from '../components/Payment.tsx';
import { Plan } from '../components/Plan.tsx';
import { StatusBar } from '../components/StatusBar.tsx';
import { WorkLog } from '../components/WorkLog.tsx';
import { call, errorText } from '../lib/api.ts';
import { useLiveProject } from '../lib/live-project.ts';
import { useScrollToHash } from '../lib/scroll-to-hash.ts';
import { useSession } from '../lib/session.tsx';
import { type Application, money, type ProjectDetail, WORKSPACE_KINDS } from '../lib/types.ts';

export function useProject(id: string) {
  const [detail, setDetail] = useState<ProjectDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = useLiveProject(id);
  const load = useCallback(() => {
    call(API.getProject, { params: { id } }).then(
      (d) => (setDetail(d), setError(null)),
      (e) => setError(errorText(e)),
    );
  }, [id]);
  // Loads again whenever anyone changes the project's status or members, on any process.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the live counters are the trigger
  useEffect(load, [load, live.status, live.members]);
  return { detail, error, reload: load };
}

/** A project's overview: the offer, applying, the employer's applications and invitations. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { detail, error, reload } = useProject(id);
  const activity = useActivity(id, Boolean(detail?.myRole));
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!detail) return <Loading what="Loading the project" />;
  const { project, members, myRole } = detail;
  return (
    <article className="stack">
      <StatusBar detail={detail} onChanged={reload} />
      {myRole ? <ChangesRequested events={activity.events} status={project.status} /> : null}
      {myRole === 'employer' || myRole === 'mentor' ? <SteppedAway events={activity.events} status={project.status} /> : null}
      <header>
        <h1>{project.title}</h1>
        <p className="muted">Posted by {project.employer.name}</p>
      </header>
      <dl className="facts big">
        <div>
          <dt>Pay</dt>
          <dd>{money(project.compensation)}</dd>
        </div>
        <div>
          <dt>Estimated hours</dt>
          <dd>{project.estimatedHours}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{project.dueDate ? new Date(`${project.dueDate}T00:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' }) : 'Flexible'}</dd>
        </div>
      </dl>
      <ul className="chips" aria-label="Skills">
        {project.skills.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <p className="summary">{project.summary}</p>

      {myRole ? <ExportLinks projectId={project.id} canReadDeliverable={allows(rightFor(myRole, 'deliverable', project.status), 'read')} /> : null}
      {myRole && (project.status === 'completed' || project.status === 'archived') ? <Outcome detail={detail} onChanged={reload} /> : null}
      {myRole ? (
        <nav className="tabs" aria-label="Workspace">
          {WORKSPACE_KINDS.map((kind) => (
            <Link key={kind} to={`/projects/${project.id}/${kind}`}>
              {DOC_KIND_TRAITS[kind].label}
            </Link>
          ))}
        </nav>
      ) : null}

      {!myRole && project.status === 'open' ? (
        user ? (
          <ApplyBox projectId={project.id} />
        ) : (
          <p>
            <Link to={`/login?next=/projects/${project.id}`}>Log in</Link> to apply.
          </p>
        )
      ) : null}
      {myRole === 'employer' || myRole === 'student' ? (
        project.status === 'draft' || project.status === 'open' ? null : (
          <Payment projectId={project.id} role={myRole} />
        )
      ) : null}
      <Plan projectId={project.id} status={project.status} role={myRole} start={project.createdAt.slice(0, 10)} due={project.dueDate} />
      {myRole && project.status !== 'draft' && project.status !== 'open' ? (
        <WorkLog projectId={project.id} canLog={myRole === 'student' && WORK_LOG_STATUSES.includes(project.status)} />
      ) : null}
      {myRole === 'employer' ? <Applications projectId={project.id} open={project.status === 'open'} onAccepted={reload} /> : null}

      <section aria-labelledby="members">
        <h2 id="members">People</h2>
        <ul className="members">
          {members.map((m) => (
            <li key={m.userId}>
              {m.name} <span className="muted">· {m.role}</span>
            </li>
          ))}
        </ul>
        {myRole === 'employer' && !isFinal(project.status) ? <InviteForm projectId={project.id} onInvited={reload} /> : null}
      </section>
      {myRole ? <ActivityTimeline activity={activity} /> : null}
    </article>
  );
}

function ApplyBox({ projectId }: { projectId: string }) {
  const [state, setState] = useState<'idle' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await call(API.apply, { params: { id: projectId }, body: { pitch: String(new FormData(event.currentTarget).get('pitch')) } });
      setState('sent');
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (state === 'sent')
    return (
      <p className="notice" role="status">
        Application sent. The employer will see your pitch.
      </p>
    );
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="apply">
      <h2 id="apply">Apply</h2>
      <label>
        Your pitch: why you, in a few sentences
        <textarea name="pitch" required maxLength={2000} rows={4} />
      </label>
      <Alert error={error} />
      <button type="submit">Apply</button>
    </form>
  );
}

function Applications({ projectId, open, onAccepted }: { projectId: string; open: boolean; onAccepted(): void }) {
  const [apps, setApps] = useState<Application[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = useLiveProject(projectId);
  const load = useCallback(() => {
    call(API.listApplications, { params: { id: projectId } }).then(
      (r) => setApps(r.applications),
      (e) => setError(errorText(e)),
    );
  }, [projectId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new applications arrive through the live channel
  useEffect(load, [load, live.applications]);
  const [declining, setDeclining] = useState<Application | null>(null);
  const decline = async (form: FormData) => {
    if (!declining) return;
    try {
      const message = String(form.get('message') ?? '').trim();
      await call(API.decline, { params: { id: projectId, appId: declining.id }, body: message ? { message } : {} });
      setDeclining(null);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const accept = async (app: Application) => {
    if (!confirm(`Accept ${app.applicant.name}? The other applications will be declined and the workspace opens.`)) return;
    try {
      await call(API.accept, { params: { id: projectId, appId: app.id } });
      load();
      onAccepted();
    } catch (e) {
      setError(errorText(e));
    }
  };
  useScrollToHash(apps);
  return (
    <section aria-labelledby="applications">
      <h2 id="applications">Applications</h2>
      <Alert error={error} />
      {!apps ? <Loading what="Loading applications" /> : apps.length === 0 ? <p className="empty">No applications yet.</p> : null}
      <ul className="stack">
        {apps?.map((a) => (
          <li key={a.id} className="card">
            <div className="row between">
              <strong>{a.applicant.name}</strong>
              <span className={`status app-${a.status}`}>{a.status}</span>
            </div>
            <p>{a.pitch}</p>
            {a.message ? <p className="muted">Your message: {a.message}</p> : null}
            {open && a.status === 'pending' ? (
              <p className="row">
                <button type="button" onClick={() => void accept(a)} aria-label={`Accept ${a.applicant.name}`}>
                  Accept
                </button>
                <button type="button" className="secondary" onClick={() => setDeclining(a)} aria-label={`Decline ${a.applicant.name}`}>
                  Decline
                </button>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {declining ? (
        <ConfirmDialog
          open
          title={`Decline ${declining.applicant.name}?`}
          confirmLabel="Decline"
          onClose={() => setDeclining(null)}
          onConfirm={decline}
          error={error}
        >
          <label>
            A message for them (optional)
            <textarea name="message" rows={3} maxLength={2000} placeholder="Thank them, and say why if you can." />
          </label>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function InviteForm({ projectId, onInvited }: { projectId: string; onInvited(): void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    try {
      await call(API.invite, { params: { id: projectId }, body: { email: String(f.get('email')), role: f.get('role') === 'viewer' ? 'viewer' : 'mentor' } });
      setMessage({ ok: true, text: 'Added.' });
      form.reset();
      onInvited();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  return (
    <form onSubmit={submit} className="row wrap end" aria-label="Invite a mentor or viewer">
      <label>
        Invite by email
        <input name="email" type="email" required />
      </label>
      <label>
        As
        <select name="role" defaultValue="mentor">
          <option value="mentor">Mentor</option>
          <option value="viewer">Viewer (read-only)</option>
        </select>
      </label>
      <button type="submit">Invite</button>
      {message ? (
        <p className={message.ok ? 'notice' : 'error'} role="status">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
