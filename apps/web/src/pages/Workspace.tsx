import { API, allows, DOC_KIND_TRAITS, isFinal, mentionRefusal, type Right, rightFor } from '@stint/domain';
import type { CommentableKind } from '@stint/editor';
import { RICH_TEXT_FIELD } from '@stint/editor';
import type { Editor } from '@tiptap/core';
import FileHandler from '@tiptap/extension-file-handler';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, NavLink, useParams, useSearchParams } from 'react-router';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { ChangesRequested, ProjectAnnouncer, useActivity } from '../components/Activity.tsx';
import { Checkins } from '../components/Checkins.tsx';
import { CommentHighlights, commentHighlightsKey } from '../components/CommentHighlights.ts';
import { CommentsSidebar } from '../components/CommentsSidebar.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { History } from '../components/History.tsx';
import { Loading } from '../components/Layout.tsx';
import { MentionText, mentionedIn } from '../components/MentionText.tsx';
import { Presence } from '../components/Presence.tsx';
import { RichEditor } from '../components/RichEditor.tsx';
import { StatusBar } from '../components/StatusBar.tsx';
import { SuggestionsPanel } from '../components/SuggestionsPanel.tsx';
import { Toolbar } from '../components/Toolbar.tsx';
import { UploadList, useUploads } from '../components/Uploads.tsx';
import { selectionAnchor } from '../lib/anchors.ts';
import { call, errorText } from '../lib/api.ts';
import { type RefusedCopy as RefusedCopyData, useCollab } from '../lib/collab.ts';
import type { Mentionable } from '../lib/mention-suggestion.ts';
import { useSession } from '../lib/session.tsx';
import { useThreads } from '../lib/threads.ts';
import { type ProjectDetail, STATUS_LABELS, type User, WORKSPACE_KINDS, type WorkspaceKind } from '../lib/types.ts';
import { useProject } from './ProjectPage.tsx';

function whyReadOnly(detail: ProjectDetail, kind: WorkspaceKind, right: Right): string | null {
  if (right === 'write' || right === 'suggest') return null;
  const status = detail.project.status;
  if (isFinal(status)) return `This project is ${STATUS_LABELS[status].toLowerCase()}: every document is frozen and read-only.`;
  if (status === 'in_review' && (kind === 'deliverable' || kind === 'checkins'))
    return 'The work is submitted and under review; it can be edited again if changes are requested.';
  if (right === 'comment') return `As the ${detail.myRole}, you can read the ${DOC_KIND_TRAITS[kind].label.toLowerCase()} but not edit it.`;
  return `As the ${detail.myRole}, you can read but not edit the ${DOC_KIND_TRAITS[kind].label.toLowerCase()}.`;
}

export function Workspace() {
  const { id = '', kind = 'brief' } = useParams();
  const { user } = useSession();
  const { detail, error, reload } = useProject(id);
  const activity = useActivity(id);
  if (!WORKSPACE_KINDS.includes(kind as WorkspaceKind)) return <p className="error">No such document.</p>;
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!detail || !user) return <Loading what="Opening the workspace" />;
  const k = kind as WorkspaceKind;
  const right = detail.abilities.documents[k];
  return (
    <article className="workspace stack" data-page-title={`${DOC_KIND_TRAITS[k].label} · ${detail.project.title}`}>
      <StatusBar detail={detail} onChanged={reload} />
      <ProjectAnnouncer events={activity.events} status={detail.project.status} />
      <header className="row between wrap">
        <h1>
          <Link to={`/projects/${id}`}>{detail.project.title}</Link>
        </h1>
      </header>
      <nav className="tabs" aria-label="Documents">
        {WORKSPACE_KINDS.map((other) => (
          <NavLink key={other} to={`/projects/${id}/${other}`}>
            {DOC_KIND_TRAITS[other].label}
          </NavLink>
        ))}
      </nav>
      {allows(right, 'read') ? (
        <LiveDocument
          key={`${id}/${k}`}
          detail={detail}
          kind={k}
          right={right}
          user={user}
          notice={<ChangesRequested events={activity.events} status={detail.project.status} compact />}
        />
      ) : (
        <p className="notice">{k === 'feedback' ? 'Feedback is released to you when the project is completed.' : 'You may not open this document.'}</p>
      )}
    </article>
  );
}

/** `notice`: what the person should keep in view while they work (changes requested), held above the editor with its toolbar. */
function LiveDocument({ detail, kind, right, user, notice }: { detail: ProjectDetail; kind: WorkspaceKind; right: Right; user: User; notice: ReactNode }) {
  const { doc, provider, connection, people, refused } = useCollab(`${detail.project.id}/${kind}`, user);
  const editable = right === 'write';
  const reason = whyReadOnly(detail, kind, right);
  return (
    <section className="stack" aria-label={DOC_KIND_TRAITS[kind].label}>
      <div className="docbar row between">
        <Presence people={people} />
        <ConnectionBadge connection={connection} />
      </div>
      {reason ? (
        <p className="readonly-note" role="note">
          {reason}
        </p>
      ) : null}
      {refused !== null ? <RefusedCopy refused={refused} /> : null}
      {kind === 'checkins' ? notice : null}
      {kind === 'checkins' ? (
        <Checkins
          projectId={detail.project.id}
          doc={doc}
          editable={editable}
          user={user}
          start={detail.project.createdAt.slice(0, 10)}
          due={detail.project.dueDate}
          canSchedule={detail.abilities.scheduleCheckins}
        />
      ) : (
        <RichDocument detail={detail} kind={kind} right={right} user={user} doc={doc} provider={provider} notice={notice} />
      )}
      <History projectId={detail.project.id} kind={kind} canWrite={editable} />
    </section>
  );
}

/** A rich-text document with its comment threads beside it. */
function RichDocument({
  detail,
  kind,
  right,
  user,
  doc,
  provider,
  notice,
}: {
  detail: ProjectDetail;
  kind: CommentableKind;
  right: Right;
  user: User;
  doc: Y.Doc;
  provider: WebsocketProvider;
  notice: ReactNode;
}) {
  const readOnlyNote = whyReadOnly(detail, kind, right) ?? undefined;
  const projectId = detail.project.id;
  // Someone who may only suggest always suggests; someone who may write can choose to.
  const [choseSuggesting, setChoseSuggesting] = useState(false);
  const mayWrite = right === 'write';
  const suggesting = right === 'suggest' || (mayWrite && choseSuggesting);
  const names = useMemo(() => new Map(detail.members.map((m) => [m.userId, m.name])), [detail.members]);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [active, setActive] = useState<string | null>(null);
  // The @ menu: everyone else in the project; those who can't read this document, refused with why.
  const people = useRef(detail);
  people.current = detail;
  const mentionable = useCallback(
    (): Mentionable[] =>
      people.current.members
        .filter((m) => m.userId !== user.id)
        .map((m) => ({
          id: m.userId,
          label: m.name,
          reason: allows(rightFor(m.role, kind, people.current.project.status), 'read') ? null : mentionRefusal(m.name, DOC_KIND_TRAITS[kind].label),
        })),
    [kind, user.id],
  );
  const [draft, setDraft] = useState<ReturnType<typeof selectionAnchor>>(null);
  const [error, setError] = useState<string | null>(null);
  // The thread just posted, or the one a link from the inbox names (?thread=…): focus moves to
  // it once it is listed, and it opens active.
  const [search] = useSearchParams();
  const linked = search.get('thread');
  const [focusThread, setFocusThread] = useState<string | null>(linked);
  useEffect(() => {
    if (linked) {
      setActive(linked);
      setFocusThread(linked);
    }
  }, [linked]);
  const { threads, refresh } = useThreads(projectId, kind, user);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tried again each time the threads change, until the new one is listed
  useEffect(() => {
    if (!focusThread) return;
    const item = document.querySelector<HTMLElement>(`li[data-thread="${CSS.escape(focusThread)}"]`);
    if (!item) return;
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
    setFocusThread(null);
  }, [focusThread, threads]);
  const live = useRef({ threads, active });
  live.current = { threads, active };
  const { uploads, start: startUploads, remove: dismissUpload } = useUploads(projectId, kind);
  const uploadRef = useRef({ startUploads, writable: right === 'write' });
  uploadRef.current = { startUploads, writable: right === 'write' };
  const extensions = useMemo(
    () => [
      CommentHighlights.configure({ threads: () => live.current.threads, active: () => live.current.active }),
      // Files dropped or pasted into the text are uploaded, then placed where they were dropped.
      FileHandler.configure({
        onDrop: (ed, files, pos) => uploadRef.current.writable && uploadRef.current.startUploads(ed, files, pos),
        onPaste: (ed, files) => uploadRef.current.writable && uploadRef.current.startUploads(ed, files),
      }),
    ],
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw the highlights whenever the threads or the active one change
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, true));
  }, [editor, threads, active]);
  const canComment = allows(right, 'comment');

  const startComment = () => {
    const picked = editor ? selectionAnchor(editor) : null;
    if (!picked) return setError('Select the passage you want to comment on first.');
    // Only spaces: nothing a reader could find again, and nothing to quote.
    if (picked.quote.trim() === '') return setError('Select some words to comment on, not just spaces.');
    setError(null);
    setDraft(picked);
  };
  const send = async (form: FormData) => {
    if (!draft) return;
    try {
      const body = String(form.get('body'));
      const { thread } = await call(API.comment, {
        params: { id: projectId },
        body: { doc: kind, ...draft, body, mentions: mentionedIn(body, mentionable()) },
      });
      setDraft(null);
      setActive(thread.id);
      setFocusThread(thread.id);
      refresh();
    } catch (e) {
      setError(errorText(e));
    }
  };

  // Ctrl+Alt+M (⌘⌥M), as in the office suites people know: comment on what is selected.
  const commentShortcut = (event: KeyboardEvent) => {
    if (!canComment || !(event.ctrlKey || event.metaKey) || !event.altKey || event.code !== 'KeyM') return;
    event.preventDefault();
    startComment();
  };

  return (
    <div className="doc-layout">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: listens for a shortcut typed in the editor inside */}
      <div className="stack" onKeyDown={commentShortcut}>
        {canComment ? (
          <div className="row toolbar">
            <button type="button" className="secondary small" aria-keyshortcuts="Control+Alt+M" onMouseDown={(e) => e.preventDefault()} onClick={startComment}>
              Comment on selection
            </button>
            <span className="muted small shortcut-hint" aria-hidden="true">
              or Ctrl+Alt+M
            </span>
            {error && !draft ? (
              <span className="error small" role="alert">
                {error}
              </span>
            ) : null}
            {mayWrite ? <SuggestingSwitch mayWrite suggesting={suggesting} onChange={setChoseSuggesting} /> : null}
          </div>
        ) : null}
        <div className="editor-sticky">
          {notice}
          {suggesting && !mayWrite ? <SuggestingSwitch mayWrite={false} suggesting onChange={setChoseSuggesting} /> : null}
          {mayWrite && !suggesting && editor ? <Toolbar editor={editor} onFiles={(files) => startUploads(editor, files)} /> : null}
        </div>
        <UploadList uploads={uploads} onDismiss={dismissUpload} />
        <RichEditor
          label={DOC_KIND_TRAITS[kind].label}
          fragment={doc.getXmlFragment(RICH_TEXT_FIELD)}
          editable={mayWrite && !suggesting}
          suggesting={suggesting}
          user={user}
          provider={provider}
          extensions={extensions}
          onEditor={setEditor}
          mentionable={mentionable}
          readOnlyNote={readOnlyNote}
        />
      </div>
      <div className="side-column stack">
        <SuggestionsPanel editor={editor} canReview={mayWrite} names={names} />
        <CommentsSidebar
          projectId={projectId}
          threads={threads}
          editor={editor}
          canComment={canComment}
          active={active}
          onActivate={setActive}
          onChanged={refresh}
          people={mentionable}
        />
      </div>
      {draft ? (
        <ConfirmDialog open title="Comment" confirmLabel="Comment" error={error} onClose={() => setDraft(null)} onConfirm={send}>
          <blockquote>“{draft.quote}”</blockquote>
          <MentionText name="body" label="Your comment" placeholder="Your comment (@ to mention)" people={mentionable} multiline />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/**
 * Editing or suggesting. Someone who may write picks (suggesting: what they type is proposed for
 * the others to accept); someone who may only suggest is told that is what they are doing.
 */
function SuggestingSwitch({ mayWrite, suggesting, onChange }: { mayWrite: boolean; suggesting: boolean; onChange(suggesting: boolean): void }) {
  if (!mayWrite)
    return (
      <p className="suggesting-note" role="note">
        <strong>Suggesting.</strong> What you type or delete is proposed; an author accepts or rejects it.
      </p>
    );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a labelled pair of toggle buttons; a fieldset would bring its own border and legend
    <div className="segmented mode-switch" role="group" aria-label="Mode">
      <button type="button" className={suggesting ? 'secondary small' : 'small'} aria-pressed={!suggesting} onClick={() => onChange(false)}>
        Editing
      </button>
      <button type="button" className={suggesting ? 'small' : 'secondary small'} aria-pressed={suggesting} onClick={() => onChange(true)}>
        Suggesting
      </button>
    </div>
  );
}

/** What the server would never store (no right to edit, or the document full): the person's words are not lost. */
function RefusedCopy({ refused }: { refused: RefusedCopyData }) {
  const { text } = refused;
  const [copied, setCopied] = useState(false);
  const [hidden, setHidden] = useState(false);
  if (hidden) return null;
  return (
    <section className="refused-copy stack" role="alert" aria-label="Not saved">
      <strong>
        {refused.reason === 'full'
          ? 'Your last edits were not saved: this document is full.'
          : 'Your last edits were not saved: they were made when this document could not be edited.'}
      </strong>
      {refused.reason === 'full' ? (
        <p>{refused.message} Put large tables or pasted material in an attached file instead, or split the work across documents; deleting text still works.</p>
      ) : null}
      <p>The document below is what is saved. Here is the text as it was on this device, to copy.</p>
      <textarea readOnly rows={5} value={text} aria-label="Your unsaved text" />
      <p className="row">
        <button type="button" className="secondary" onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy my text'}
        </button>
        <button type="button" className="secondary" onClick={() => setHidden(true)}>
          Dismiss
        </button>
      </p>
    </section>
  );
}
