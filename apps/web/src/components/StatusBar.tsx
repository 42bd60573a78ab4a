import { type Action, API, REVIEW_EDIT_DAYS, REVIEW_REVEAL_DAYS, UnreachableCaseError } from '@stint/domain';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { call, errorText } from '../lib/api.ts';
import type { ProjectDetail } from '../lib/types.ts';
import { STATUS_LABELS } from '../lib/types.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

const ACTION_UI: Partial<Record<Action, { label: string; title: string; danger?: boolean }>> = {
  publish: { label: 'Publish', title: 'Publish this project to the board?' },
  submit: { label: 'Submit for review', title: 'Submit your deliverable for review?' },
  request_changes: { label: 'Request changes', title: 'Send the work back with a message' },
  complete: { label: 'Complete', title: 'Complete the project and rate the work' },
  cancel: { label: 'Cancel project', title: 'Cancel this project? This can’t be undone.', danger: true },
  step_away: { label: 'Step away', title: 'Step away from this project?', danger: true },
};

/** The next moves my role can make from here, each confirmed before it happens. */
export function StatusBar({ detail, onChanged }: { detail: ProjectDetail; onChanged(): void }) {
  const { project } = detail;
  const navigate = useNavigate();
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Completing releases the feedback to the student: say so when there is none yet.
  const [feedbackEmpty, setFeedbackEmpty] = useState(false);
  useEffect(() => {
    if (pending !== 'complete') return;
    call(API.document, { params: { id: project.id, kind: 'feedback' } }).then(
      (d) => setFeedbackEmpty(d.text.trim() === ''),
      () => setFeedbackEmpty(false),
    );
  }, [pending, project.id]);
  // The server's answer: the moves this person can make now.
  const actions = detail.abilities.moves.filter((action) => ACTION_UI[action]);
  const primary = actions.filter((action) => !ACTION_UI[action]!.danger);
  const destructive = actions.filter((action) => ACTION_UI[action]!.danger);

  const run = async (action: Action, form: FormData) => {
    const params = { id: project.id };
    const move = () => {
      switch (action) {
        case 'request_changes':
          return call(API.requestChanges, { params, body: { message: String(form.get('message') ?? '') } });
        case 'complete':
          return call(API.complete, {
            params,
            body: {
              rating: {
                skills: Object.fromEntries(project.skills.map((s) => [s, Number(form.get(`skill:${s}`))])),
                wouldWorkAgain: form.get('again') === 'on',
              },
            },
          });
        case 'publish':
          return call(API.publish, { params });
        case 'submit':
          return call(API.submit, { params });
        case 'cancel':
          return call(API.cancel, { params });
        case 'step_away':
          return call(API.stepAway, { params, body: { reason: String(form.get('reason') ?? '') } });
        case 'accept':
        case 'archive':
          // Taken on the applications list and the outcome panel, not from here.
          throw new Error(`${action} is not a status-bar action`);
        default:
          throw new UnreachableCaseError(action);
      }
    };
    try {
      await move();
      setPending(null);
      setError(null);
      // A student who stepped away is no longer on the project: home, where their projects are.
      if (action === 'step_away') navigate('/');
      else onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="statusbar" aria-label="Project status">
      <span className={`status status-${project.status}`}>{STATUS_LABELS[project.status]}</span>
      <div className="row">
        {primary.map((action) => (
          <button type="button" key={action} onClick={() => (setError(null), setPending(action))}>
            {ACTION_UI[action]!.label}
          </button>
        ))}
        {destructive.length > 0 ? (
          // The moves that end something sit apart, one click further, never beside the next step.
          <details className="more-actions">
            <summary aria-label="More actions">More</summary>
            <div className="menu">
              {destructive.map((action) => (
                <button type="button" key={action} className="danger" onClick={() => (setError(null), setPending(action))}>
                  {ACTION_UI[action]!.label}
                </button>
              ))}
            </div>
          </details>
        ) : null}
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
          {pending === 'step_away' ? (
            <div className="stack">
              <p>
                You leave the project: you lose access to its workspace, your work stays with the employer, and no fee falls due. The employer can re-open it to
                other applicants.
              </p>
              <label>
                Why are you stepping away? <span className="hint">The employer and mentors read it.</span>
                <textarea name="reason" required minLength={3} rows={4} maxLength={2000} />
              </label>
            </div>
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
                <input type="checkbox" name="again" /> I would work with this student again
              </label>
              {feedbackEmpty ? (
                <p className="warning" role="alert">
                  The Feedback tab is still empty. The student sees it when the project completes: write what went well and what to work on first.
                </p>
              ) : null}
              <p className="hint">
                Reviews are blind: the student sees your rating once they have reviewed working with you, or after {REVIEW_REVEAL_DAYS} days. You can change it
                for {REVIEW_EDIT_DAYS} days.
              </p>
              <p className="hint">Completing freezes every document: the workspace becomes read-only for everyone.</p>
            </fieldset>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
