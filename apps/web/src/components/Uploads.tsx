import type { Editor } from '@tiptap/core';
import { useCallback, useRef, useState } from 'react';
import { errorText } from '../lib/api.ts';
import { insertUploaded, uploadFile } from '../lib/uploads.ts';

interface Upload {
  id: number;
  name: string;
  /** 0–1 while it goes; null once it failed. */
  progress: number | null;
  error?: string;
  abort: AbortController;
}

/**
 * Uploads into one document: each file shows its progress until it is in the document, or stays
 * with the server's reason why not (too large, a type that can't be uploaded) until dismissed.
 * The placeholder lives outside the shared document, so nobody else sees a half-sent file.
 */
export function useUploads(projectId: string, doc: string) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const next = useRef(0);
  const update = useCallback((id: number, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...change } : u))), []);
  const remove = useCallback((id: number) => setUploads((all) => all.filter((u) => u.id !== id)), []);

  const start = useCallback(
    (editor: Editor, files: readonly File[], at?: number) => {
      for (const file of files) {
        const id = ++next.current;
        const abort = new AbortController();
        setUploads((all) => [...all, { id, name: file.name || 'pasted file', progress: 0, abort }]);
        uploadFile(projectId, doc, file, (progress) => update(id, { progress }), abort.signal).then(
          (uploaded) => {
            if (!editor.isDestroyed) insertUploaded(editor, uploaded, at);
            remove(id);
          },
          (error: unknown) => update(id, { progress: null, error: errorText(error) }),
        );
      }
    },
    [projectId, doc, remove, update],
  );
  return { uploads, start, remove };
}

export function UploadList({ uploads, onDismiss }: { uploads: readonly Upload[]; onDismiss(id: number): void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="uploads" aria-label="Uploads">
      {uploads.map((u) => (
        <li key={u.id} className={`upload${u.error ? ' failed' : ''}`}>
          {u.error ? (
            <>
              <span role="alert">
                <strong>{u.name}</strong> wasn’t added: {u.error}
              </span>
              <button type="button" className="secondary small" onClick={() => onDismiss(u.id)}>
                Dismiss
              </button>
            </>
          ) : (
            <>
              <label className="grow">
                Uploading {u.name}
                <progress max={1} value={u.progress ?? 0} />
              </label>
              <button
                type="button"
                className="secondary small"
                onClick={() => {
                  u.abort.abort();
                  onDismiss(u.id);
                }}
              >
                Cancel
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
