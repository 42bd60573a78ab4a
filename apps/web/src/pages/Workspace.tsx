import { allows, isFinal, rightFor, type Right } from '@stint/domain';
import { RICH_TEXT_FIELD } from '@stint/editor';
import { Link, NavLink, useParams } from 'react-router';
import { Checkins } from '../components/Checkins.tsx';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { Loading } from '../components/Layout.tsx';
import { Presence } from '../components/Presence.tsx';
import { RichEditor } from '../components/RichEditor.tsx';
import { StatusBar } from '../components/StatusBar.tsx';
import { useCollab } from '../lib/collab.ts';
import { useSession } from '../lib/session.tsx';
import { KIND_LABELS, RICH_KINDS, STATUS_LABELS, type ProjectDetail, type User, type WorkspaceKind } from '../lib/types.ts';
import { useProject } from './ProjectPage.tsx';

function whyReadOnly(detail: ProjectDetail, kind: WorkspaceKind, right: Right): string | null {
  if (right === 'write') return null;
  const status = detail.project.status;
  if (isFinal(status)) return `This project is ${STATUS_LABELS[status].toLowerCase()}: every document is frozen and read-only.`;
  if (status === 'in_review' && (kind === 'deliverable' || kind === 'checkins')) return 'The work is submitted and under review; it can be edited again if changes are requested.';
  if (right === 'comment') return `As the ${detail.myRole}, you can read the ${KIND_LABELS[kind].toLowerCase()} but not edit it.`;
  return `As the ${detail.myRole}, you can read but not edit the ${KIND_LABELS[kind].toLowerCase()}.`;
}

export function Workspace() {
  const { id = '', kind = 'brief' } = useParams();
  const { user } = useSession();
  const { detail, error, reload } = useProject(id);
  if (!RICH_KINDS.includes(kind as WorkspaceKind)) return <p className="error">No such document.</p>;
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!detail || !user) return <Loading what="Opening the workspace" />;
  const k = kind as WorkspaceKind;
  const right = detail.myRole ? rightFor(detail.myRole, k, detail.project.status) : 'none';
  return (
    <article className="workspace stack">
      <StatusBar detail={detail} onChanged={reload} />
      <header className="row between wrap">
        <h1>
          <Link to={`/projects/${id}`}>{detail.project.title}</Link>
        </h1>
      </header>
      <nav className="tabs" aria-label="Documents">
        {RICH_KINDS.map((other) => (
          <NavLink key={other} to={`/projects/${id}/${other}`}>
            {KIND_LABELS[other]}
          </NavLink>
        ))}
      </nav>
      {allows(right, 'read') ? (
        <LiveDocument key={`${id}/${k}`} detail={detail} kind={k} right={right} user={user} />
      ) : (
        <p className="notice">{k === 'feedback' ? 'Feedback is released to you when the project is completed.' : 'You may not open this document.'}</p>
      )}
    </article>
  );
}

function LiveDocument({ detail, kind, right, user }: { detail: ProjectDetail; kind: WorkspaceKind; right: Right; user: User }) {
  const { doc, provider, connection, people } = useCollab(`${detail.project.id}/${kind}`, user);
  const editable = right === 'write';
  const reason = whyReadOnly(detail, kind, right);
  return (
    <section className="stack" aria-label={KIND_LABELS[kind]}>
      <div className="docbar row between">
        <Presence people={people} />
        <ConnectionBadge connection={connection} />
      </div>
      {reason ? (
        <p className="readonly-note" role="note">
          {reason}
        </p>
      ) : null}
      {kind === 'checkins' ? (
        <Checkins doc={doc} editable={editable} user={user} start={detail.project.createdAt.slice(0, 10)} due={detail.project.dueDate} />
      ) : (
        <RichEditor label={KIND_LABELS[kind]} fragment={doc.getXmlFragment(RICH_TEXT_FIELD)} editable={editable} user={user} provider={provider} />
      )}
    </section>
  );
}
