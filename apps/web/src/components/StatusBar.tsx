import { type Action, LIFECYCLE } from '@stint/domain';
import { useState } from 'react';
import { api, errorText } from '../lib/api.ts';
import type { ProjectDetail } from '../lib/types.ts';
import { STATUS_LABELS } from '../lib/types.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

const ACTION_UI: Partial<Record<Action, { label: string; path: string; title: string; danger?: boolean }>> = {
  publish: { label: 'Publish', path: 'publish', title: 'Publish this project to the board?' },
  submit: { label: 'Submit for review', path: 'submit', title: 'Submit your deliverable for review?' },
  request_changes: { label: 'Request changes', path: 'request-changes', title: 'Send the work back with a message' },
  complete: { label: 'Complete', path: 'complete', title: 'Complete the project and rate the work' },
  cancel: { label: 'Cancel project', path: 'cancel', title: 'Cancel this project? This can’t be undone.', danger: true },
};

/** The next moves my role can make from here, each confirmed before it happens. */
export function StatusBar({ detail, onChanged }: { detail: ProjectDetail; onChanged(): void }) {
  const { project, myRole } = detail;
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = LIFECYCLE.filter((t) => t.from === project.status && t.role === myRole && ACTION_UI[t.action]).map((t) => t.action);

  const run = async (action: Action, form: FormData) => {
    const ui = ACTION_UI[action]!;
    let body: unknown;
    if (action === 'request_changes') body = { message: String(form.get('message') ?? '') };
    if (action === 'complete') {
      body = {
        rating: {
          skills: Object.fromEntries(project.skills.map((s) => [s, Number(form.get(`skill:${s}`))])),
          wouldWorkAgain: form.get('again') === 'on',
        },
      };
    }
    try {
      await api('POST', `/api/projects/${project.id}/${ui.path}`, body);
      setPending(null);
      setError(null);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="statusbar" aria-label="Project status">
      <span className={`status status-${project.status}`}>{STATUS_LABELS[project.status]}</span>
      <div className="row">
        {actions.map((action) => (
          <button type="button" key={action} className={ACTION_UI[action]!.danger ? 'danger' : ''} onClick={() => (setError(null), setPending(action))}>
            {ACTION_UI[action]!.label}
          </button>
        ))}
      </div>
      {pending ? (
        <ConfirmDialog
          open
          title={ACTION_UI[pending]!.title}
          confirmLabel={ACTION_UI[pending]!.label}
          error={error}
          onClose={() => setPending(null)}
          onConfirm={(form) => run(pending, form)}
        >
          {pending === 'request_changes' ? (
            <label>
              What should change?
              <textarea name="message" required rows={4} maxLength={5000} />
            </label>
          ) : null}
          {pending === 'complete' ? (
            <fieldset className="stack">
              <legend>Rate each skill from 1 (weak) to 5 (excellent)</legend>
              {project.skills.map((skill) => (
                <label key={skill} className="row between">
                  <span>{skill}</span>
                  <select name={`skill:${skill}`} defaultValue="4" aria-label={`Rating for ${skill}`}>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <label className="row">
                <input type="checkbox" name="again" defaultChecked /> I would work with this student again
              </label>
              <p className="hint">Completing freezes every document: the workspace becomes read-only for everyone.</p>
            </fieldset>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
