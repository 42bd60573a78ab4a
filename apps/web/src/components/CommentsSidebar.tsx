import { API } from '@stint/domain';
import type { Thread } from '@stint/editor';
import type { Editor } from '@tiptap/core';
import { type FormEvent, useState } from 'react';
import { anchorRange } from '../lib/anchors.ts';
import { call, errorText } from '../lib/api.ts';
import { formatMoment } from '../lib/dates.ts';
import type { Mentionable } from '../lib/mention-suggestion.ts';
import { Alert } from './Alert.tsx';
import { MentionText, mentionedIn } from './MentionText.tsx';

interface Props {
  projectId: string;
  threads: Thread[];
  editor: Editor | null;
  canComment: boolean;
  active: string | null;
  onActivate(id: string | null): void;
  /** After a reply, resolve or reopen: threads that aren't live fetch again. */
  onChanged(): void;
  /** Who a reply may @mention. */
  people: () => Mentionable[];
}

/** Threads in document order; each quotes its passage and jumps to it when clicked. */
export function CommentsSidebar({ projectId, threads, editor, canComment, active, onActivate, onChanged, people }: Props) {
  const [filter, setFilter] = useState<'open' | 'resolved'>('open');
  const [error, setError] = useState<string | null>(null);
  const placed = threads
    .filter((t) => (filter === 'open' ? !t.resolved : t.resolved))
    .map((t) => ({ thread: t, range: editor ? anchorRange(editor, t.anchor) : null }))
    .sort((a, b) => (a.range?.from ?? Number.MAX_SAFE_INTEGER) - (b.range?.from ?? Number.MAX_SAFE_INTEGER));

  const act = async (change: () => Promise<unknown>) => {
    try {
      await change();
      setError(null);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const jump = (thread: Thread) => {
    onActivate(thread.id);
    const range = editor && anchorRange(editor, thread.anchor);
    if (editor && range) editor.chain().setTextSelection(range).scrollIntoView().run();
  };
  const reply = (thread: Thread) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body'));
    await act(() => call(API.reply, { params: { id: projectId, threadId: thread.id }, body: { body, mentions: mentionedIn(body, people()) } }));
    form.reset();
  };

  return (
    <aside className="sidebar stack" aria-label="Comments">
      <div className="row between">
        <h2>Comments</h2>
        {/* biome-ignore lint/a11y/useSemanticElements: a labelled button group; a fieldset would bring its own border and legend */}
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" className={filter === 'open' ? '' : 'secondary'} aria-pressed={filter === 'open'} onClick={() => setFilter('open')}>
            Open
          </button>
          <button type="button" className={filter === 'resolved' ? '' : 'secondary'} aria-pressed={filter === 'resolved'} onClick={() => setFilter('resolved')}>
            Resolved
          </button>
        </div>
      </div>
      <Alert error={error} />
      {placed.length === 0 ? <p className="hint">{filter === 'open' ? 'No open comments. Select text to comment.' : 'Nothing resolved yet.'}</p> : null}
      <ol className="threads">
        {placed.map(({ thread, range }) => (
          <li key={thread.id} className={`card thread${active === thread.id ? ' is-active' : ''}`} data-thread={thread.id} tabIndex={-1}>
            <button type="button" className="quote" onClick={() => jump(thread)} aria-label={`Go to “${thread.quote}”`}>
              “{thread.quote}”{range ? '' : <span className="deleted"> · on deleted text</span>}
            </button>
            <ul className="messages">
              {thread.messages.map((m) => (
                <li key={m.id}>
                  <strong>{m.author.name}</strong> <span className="muted small">{formatMoment(m.createdAt)}</span>
                  <p>{m.body}</p>
                </li>
              ))}
            </ul>
            {canComment ? (
              <>
                <form onSubmit={reply(thread)} className="row" key={`${thread.id}-${thread.messages.length}`}>
                  <MentionText name="body" placeholder="Reply (@ to mention)" label={`Reply to ${thread.messages[0]?.author.name}`} people={people} />
                  <button type="submit" className="secondary small">
                    Reply
                  </button>
                </form>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => void act(() => call(thread.resolved ? API.reopen : API.resolve, { params: { id: projectId, threadId: thread.id } }))}
                >
                  {thread.resolved ? 'Reopen' : 'Resolve'}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
