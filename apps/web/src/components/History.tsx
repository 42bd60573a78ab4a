import { diffWords } from 'diff';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../lib/api.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

interface Version {
  id: string;
  label: string;
  reason: string;
  sha256: string;
  author: { id: string; name: string } | null;
  createdAt: string;
}

interface Opened {
  id: string;
  label: string;
  text: string;
  html: string;
}

/** Versions of one document: saved at hand-offs or by hand; open, compare with now, restore. */
export function History({ projectId, kind, canWrite }: { projectId: string; kind: string; canWrite: boolean }) {
  const base = `/api/projects/${projectId}/docs/${kind}`;
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [opened, setOpened] = useState<(Opened & { now: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ versions: Version[] }>('GET', `${base}/versions`).then(
      (r) => setVersions(r.versions),
      (e) => setError(errorText(e)),
    );
  }, [base]);
  useEffect(load, [load]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      await api('POST', `${base}/versions`, { label: String(new FormData(form).get('label')) });
      form.reset();
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const open = async (v: Version) => {
    try {
      const [version, now] = await Promise.all([api<Opened>('GET', `${base}/versions/${v.id}`), api<{ text: string }>('GET', base)]);
      setOpened({ ...version, now: now.text });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const restore = async () => {
    if (!opened) return;
    try {
      await api('POST', `${base}/versions/${opened.id}/restore`);
      setOpened(null);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="history stack" aria-label="History">
      <h2>History</h2>
      {canWrite ? (
        <form onSubmit={save} className="row">
          <input name="label" required maxLength={120} placeholder="Name this version" aria-label="Version name" className="grow" />
          <button type="submit" className="secondary small">
            Save version
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {versions?.length === 0 ? <p className="hint">No versions yet. Each hand-off saves one.</p> : null}
      <ol className="versions">
        {versions?.map((v) => (
          <li key={v.id}>
            <button type="button" className="link" onClick={() => void open(v)}>
              {v.label}
            </button>
            <span className="muted small">
              {' '}
              · {new Date(v.createdAt).toLocaleString()}
              {v.author ? ` · ${v.author.name}` : ''}
            </span>
          </li>
        ))}
      </ol>
      {opened ? (
        <ConfirmDialog
          open
          title={`Version: ${opened.label}`}
          confirmLabel={canWrite ? 'Restore' : 'Close'}
          onClose={() => setOpened(null)}
          onConfirm={() => (canWrite ? restore() : setOpened(null))}
        >
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders versions through the schema and sanitize-html */}
          <div className="version-view prose" dangerouslySetInnerHTML={{ __html: opened.html || '<p class="hint">Empty</p>' }} />
          <h3>Changes since then</h3>
          <p className="diff" title="Differences between this version and now">
            {diffWords(opened.text, opened.now).map((part, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a diff's parts have no identity of their own; it is redrawn whole
              <span key={i} className={part.added ? 'added' : part.removed ? 'removed' : undefined}>
                {part.added ? <ins>{part.value}</ins> : part.removed ? <del>{part.value}</del> : part.value}
              </span>
            ))}
          </p>
          {canWrite ? <p className="hint">Restoring brings this text back as a new change; nothing in the history is lost.</p> : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
