import { API, type ApiAnswer, REVOCATION_REASON_MAX } from '@stint/domain';
import { useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { apiKey, queryClient, useApi } from '../lib/queries.ts';
import type { ProjectDetail } from '../lib/types.ts';
import { Alert } from './Alert.tsx';
import { Reviews, type ReviewsData } from './Reviews.tsx';

type OutcomeData = ApiAnswer<typeof API.outcome>;

/** A finished project: the two-way review, the feedback, and (for its student) the portfolio item. */
export function Outcome({ detail, onChanged }: { detail: ProjectDetail; onChanged(): void }) {
  const { project, myRole, members } = detail;
  // Asked again when the other side reviews (or the status moves), on any process.
  const outcome = useApi(API.outcome, { params: { id: project.id } });
  const reviewsAnswer = useApi(API.reviews, { params: { id: project.id } });
  const feedbackAnswer = useApi(API.document, { params: { id: project.id, kind: 'feedback' } });
  const data: OutcomeData | null = outcome.data ?? null;
  const reviews: ReviewsData | null = reviewsAnswer.data ?? null;
  const feedback = feedbackAnswer.data?.html ?? '';
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? outcome.error;
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const load = () => void outcome.refetch();
  const setReviews = (next: ReviewsData) => queryClient.setQueryData(apiKey(API.reviews, { params: { id: project.id } }), next);
  const studentName = members.find((m) => m.role === 'student')?.name ?? 'The student';

  const create = async () => {
    try {
      await call(API.issuePortfolioItem, { params: { id: project.id } });
      load();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const toggle = async (hidden: boolean) => {
    if (!data?.portfolioItem) return;
    await call(hidden ? API.hidePortfolioItem : API.publishPortfolioItem, { params: { itemId: data.portfolioItem.id } }).catch((e: unknown) =>
      setError(errorText(e)),
    );
    load();
  };
  const revoke = async (form: FormData) => {
    if (!data?.portfolioItem) return;
    try {
      await call(API.revokePortfolioItem, { params: { itemId: data.portfolioItem.id }, body: { reason: String(form.get('reason') ?? '') } });
      setRevoking(false);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (!data) return null;
  const item = data.portfolioItem;
  return (
    <section className="card stack" aria-labelledby="outcome">
      <h2 id="outcome">Outcome</h2>
      {reviews && myRole ? (
        <Reviews
          project={project}
          role={myRole}
          studentName={studentName}
          data={reviews}
          // The answer is the reviews as they now stand; the live 'reviews' topic reloads the rest.
          onSaved={setReviews}
        />
      ) : null}
      {feedback ? <h3>Feedback</h3> : null}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders feedback through the schema and sanitize-html */}
      {feedback ? <div className="prose feedback" dangerouslySetInnerHTML={{ __html: feedback }} /> : null}
      <Alert error={error} />
      {detail.abilities.moves.includes('archive') && !item ? (
        reviews?.revealed ? (
          <div className="row wrap">
            <button type="button" onClick={() => void create()}>
              Create portfolio item
            </button>
            <span className="hint">A public page and a signed credential anyone can verify.</span>
          </div>
        ) : (
          <p className="hint">Your portfolio item shows the employer's rating: create it once you have given your review.</p>
        )
      ) : null}
      {item ? (
        <div className="stack">
          <p>
            Portfolio item: <a href={item.url}>{item.url}</a> {item.hidden ? <strong>(unpublished)</strong> : null}
          </p>
          {item.revocation ? (
            <p className="notice revoked" role="status">
              Revoked on {formatDay(item.revocation.at)}: {item.revocation.reason}. Its page and every verifier now say so.
            </p>
          ) : null}
          <div className="row wrap">
            <a className="button secondary" href={`/p/${item.id}`} target="_blank" rel="noreferrer">
              Preview public page
            </a>
            <button type="button" className="secondary" onClick={() => void navigator.clipboard.writeText(item.url).then(() => setCopied(true))}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <a className="button secondary" href={`/api/portfolio/${item.id}`} download="credential.json">
              Credential (JSON)
            </a>
            {item.abilities.changeVisibility ? (
              <button type="button" className="secondary" onClick={() => void toggle(!item.hidden)}>
                {item.hidden ? 'Publish again' : 'Unpublish'}
              </button>
            ) : null}
            {item.abilities.revoke && !revoking ? (
              <button type="button" className="danger" onClick={() => setRevoking(true)}>
                Revoke credential…
              </button>
            ) : null}
          </div>
          {revoking ? (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void revoke(new FormData(e.currentTarget));
              }}
            >
              <label className="stack">
                Why is it revoked? <span className="hint">Shown on its public page. Revoking can't be undone.</span>
                <textarea name="reason" required minLength={3} maxLength={REVOCATION_REASON_MAX} rows={3} />
              </label>
              <div className="row wrap">
                <button type="submit" className="danger">
                  Revoke credential
                </button>
                <button type="button" className="secondary" onClick={() => setRevoking(false)}>
                  Keep it
                </button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function ExportLinks({ projectId, canReadDeliverable }: { projectId: string; canReadDeliverable: boolean }) {
  return (
    <nav className="row wrap export" aria-label="Export">
      <span className="muted">Export:</span>
      {(['html', 'md', 'json'] as const).map((format) => (
        <a key={format} href={`/api/projects/${projectId}/export?format=${format}`} download>
          {format === 'md' ? 'Markdown' : format.toUpperCase()}
        </a>
      ))}
      <a href={`/api/projects/${projectId}/export?format=zip`} download>
        Zip with files
      </a>
      {canReadDeliverable ? (
        <a href={`/api/projects/${projectId}/export?format=docx`} download>
          Deliverable (Word)
        </a>
      ) : null}
    </nav>
  );
}
