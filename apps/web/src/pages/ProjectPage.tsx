import { API, DOC_KIND_TRAITS } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActivityTimeline, ChangesRequested, ProjectAnnouncer, SteppedAway, useActivity } from '../components/Activity.tsx';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Invitations } from '../components/Invitations.tsx';
import { Loading } from '../components/Layout.tsx';
import { ExportLinks, Outcome } from '../components/Outcome.tsx';
import { Payment } from '../components/Payment.tsx';
import { Plan } from '../components/Plan.tsx';
import { ApplicantProfile } from '../components/ProfileForm.tsx';
import { StatusBar } from '../components/StatusBar.tsx';
import { WorkLog } from '../components/WorkLog.tsx';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { useLiveProject } from '../lib/live-channel.ts';
import { useApi } from '../lib/queries.ts';
import { useScrollToHash } from '../lib/scroll-to-hash.ts';
import { type Application, money, type ProjectDetail, WORKSPACE_KINDS } from '../lib/types.ts';

/**
 * The project as this person may see it, from the cache: asked again whenever anyone changes its
 * status, members or applications (the project's live channel, which this holds open), or the
 * person's own applications move (their stream: an applicant is no member).
 */
export function useProject(id: string) {
  useLiveProject(id);
  const { data, error, refetch } = useApi(API.getProject, { params: { id } });
  return { detail: data ?? null, error, reload: () => void refetch() };
}

/** A project's overview: the offer, applying, the employer's applications and invitations. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { detail, error, reload } = useProject(id);
  const activity = useActivity(id, Boolean(detail?.myRole));
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!detail) return <Loading what="Loading the project" />;
  const { project, members, myRole, myApplication, abilities } = detail;
  return (
    <article className="stack">
      <StatusBar detail={detail} onChanged={reload} />
      {myRole ? <ChangesRequested events={activity.events} status={project.status} /> : null}
      {myRole ? <ProjectAnnouncer events={activity.events} status={project.status} /> : null}
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
          <dd>{project.dueDate ? formatDay(project.dueDate) : 'Flexible'}</dd>
        </div>
      </dl>
      <ul className="chips" aria-label="Skills">
        {project.skills.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <p className="summary">{project.summary}</p>
      {detail.brief ? (
        <section aria-labelledby="offer-brief" className="card offer-brief">
          <h2 id="offer-brief">The brief</h2>
          {detail.brief.text.trim() ? (
            // biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders documents through the schema and sanitize-html
            <div className="prose" dangerouslySetInnerHTML={{ __html: detail.brief.html }} />
          ) : (
            <p className="muted">The employer hasn't written a longer brief yet: the summary above is the whole offer for now.</p>
          )}
        </section>
      ) : null}

      {abilities.export ? <ExportLinks projectId={project.id} canReadDeliverable={abilities.exportDeliverable} /> : null}
      {abilities.seeOutcome ? <Outcome detail={detail} onChanged={reload} /> : null}
      {abilities.workspace ? (
        <nav className="tabs" aria-label="Workspace">
          {WORKSPACE_KINDS.map((kind) => (
            <Link key={kind} to={`/projects/${project.id}/${kind}`}>
              {DOC_KIND_TRAITS[kind].label}
            </Link>
          ))}
        </nav>
      ) : null}

      {myApplication ? <MyApplicationNote projectId={project.id} application={myApplication} canWithdraw={abilities.withdraw} onChanged={reload} /> : null}
      {abilities.apply ? (
        <ApplyBox projectId={project.id} onApplied={reload} />
      ) : abilities.signInToApply ? (
        <p>
          <Link to={`/login?next=/projects/${project.id}`}>Log in</Link> to apply.
        </p>
      ) : null}
      {abilities.seePayment ? <Payment projectId={project.id} /> : null}
      <Plan projectId={project.id} start={project.createdAt.slice(0, 10)} due={project.dueDate} />
      {abilities.seeWorkLog ? <WorkLog projectId={project.id} canLog={abilities.logWork} /> : null}
      {abilities.seeApplications ? <Applications projectId={project.id} onAccepted={reload} /> : null}

      <section aria-labelledby="members">
        <h2 id="members">People</h2>
        <ul className="members">
          {members.map((m) => (
            <li key={m.userId}>
              {m.name} <span className="muted">· {m.role}</span>
            </li>
          ))}
        </ul>
        {abilities.invite ? <Invitations projectId={project.id} onInvited={reload} /> : null}
      </section>
      {abilities.seeActivity ? <ActivityTimeline activity={activity} /> : null}
    </article>
  );
}

const APPLICATION_NOTES: Record<NonNullable<ProjectDetail['myApplication']>['status'], string> = {
  pending: 'Application sent. The employer will see your pitch; you’ll hear here and in your inbox when they decide.',
  accepted: 'Your application was accepted.',
  declined: 'Your application was declined.',
  withdrawn: 'You withdrew your application.',
};

/** Where the person's own application stands, with Withdraw while the server says they may. */
function MyApplicationNote({
  projectId,
  application,
  canWithdraw,
  onChanged,
}: {
  projectId: string;
  application: NonNullable<ProjectDetail['myApplication']>;
  canWithdraw: boolean;
  onChanged(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const withdraw = async () => {
    if (!confirm('Withdraw your application?')) return;
    try {
      await call(API.withdraw, { params: { id: projectId, appId: application.id } });
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
    onChanged();
  };
  return (
    <div className="notice" role="status" data-application={application.status}>
      <div className="row between wrap">
        <span>{APPLICATION_NOTES[application.status]}</span>
        {canWithdraw ? (
          <button type="button" className="secondary small" onClick={() => void withdraw()}>
            Withdraw
          </button>
        ) : null}
      </div>
      <Alert error={error} />
    </div>
  );
}

function ApplyBox({ projectId, onApplied }: { projectId: string; onApplied(): void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await call(API.apply, { params: { id: projectId }, body: { pitch: String(new FormData(event.currentTarget).get('pitch')) } });
      onApplied();
    } catch (e) {
      setError(errorText(e));
    }
  };
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

function Applications({ projectId, onAccepted }: { projectId: string; onAccepted(): void }) {
  const answer = useApi(API.listApplications, { params: { id: projectId } });
  const apps = answer.data?.applications ?? null;
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? answer.error;
  const load = () => void answer.refetch();
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
            {a.applicant.profile ? <ApplicantProfile profile={a.applicant.profile} /> : null}
            {a.message ? <p className="muted">Your message: {a.message}</p> : null}
            {a.abilities.accept || a.abilities.decline ? (
              <p className="row">
                {a.abilities.accept ? (
                  <button type="button" onClick={() => void accept(a)} aria-label={`Accept ${a.applicant.name}`}>
                    Accept
                  </button>
                ) : null}
                {a.abilities.decline ? (
                  <button type="button" className="secondary" onClick={() => setDeclining(a)} aria-label={`Decline ${a.applicant.name}`}>
                    Decline
                  </button>
                ) : null}
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
