import { API, type ApiAnswer, type DocKind } from '@stint/domain';
import { diffWords } from 'diff';
import { type FormEvent, useMemo, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatMoment } from '../lib/dates.ts';
import { useApi } from '../lib/queries.ts';
import { Alert } from './Alert.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';

type Version = ApiAnswer<typeof API.versions>['versions'][number];
type Opened = ApiAnswer<typeof API.version>;

/** Versions of one document: saved at hand-offs or by hand; open, compare with now, restore. */
export function History({ projectId, kind, canWrite }: { projectId: string; kind: DocKind; canWrite: boolean }) {
  const doc = useMemo(() => ({ id: projectId, kind }), [projectId, kind]);
  // Hand-offs and others' saves record versions: the live channel says when, and the cache asks again.
  const answer = useApi(API.versions, { params: doc });
  const versions: Version[] | null = answer.data?.versions ?? null;
  const [opened, setOpened] = useState<(Opened & { now: string }) | null>(null);
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? answer.error;
  const load = () => void answer.refetch();

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      await call(API.saveVersion, { params: doc, body: { label: String(new FormData(form).get('label')) } });
      form.reset();
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const open = async (v: Version) => {
    try {
      const [version, now] = await Promise.all([call(API.version, { params: { ...doc, versionId: v.id } }), call(API.document, { params: doc })]);
      setOpened({ ...version, now: now.text });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const restore = async () => {
    if (!opened) return;
    try {
      await call(API.restoreVersion, { params: { ...doc, versionId: opened.id } });
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
      <Alert error={error} />
      {versions?.length === 0 ? <p className="hint">No versions yet. Each hand-off saves one.</p> : null}
      <ol className="versions">
        {versions?.map((v) => (
          <li key={v.id}>
            <button type="button" className="link" onClick={() => void open(v)}>
              {v.label}
            </button>
            <span className="muted small">
              {' '}
              · {formatMoment(v.createdAt)}
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
