import { API, type ApiAnswer, type Project, REVIEW_REVEAL_DAYS, type Role } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { Alert } from './Alert.tsx';

export type ReviewsData = ApiAnswer<typeof API.reviews>;
type ByStudent = NonNullable<ReviewsData['byStudent']>;

const day = formatDay;
const _open = (until: string) => Date.now() < Date.parse(until);

export function Stars({ n, label }: { n: number; label?: string }) {
  return (
    <span className="stars" role="img" aria-label={label ?? `${n} of 5`}>
      {'★'.repeat(n)}
      {'☆'.repeat(5 - n)}
    </span>
  );
}

/** 1–5 as a row of radio buttons: one tab stop, arrow keys move, the number is read out. */
function ScoreInput({ name, label, value }: { name: string; label: string; value?: number }) {
  return (
    <fieldset className="score">
      <legend>{label}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}>
          <input type="radio" name={name} value={n} required defaultChecked={value === n} />
          <span>{n}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** What the employer (whose rating the student can't see yet) or a mentor reads while the student's review is not in. */
function waitingFor(role: Role, studentName: string, employerName: string, data: ReviewsData): string {
  const closes = day(data.revealsAt!);
  if (data.revealed) return `${studentName} did not give a review; reviews closed ${closes}.`;
  return role === 'employer'
    ? `${studentName} has not reviewed working with you yet. Reviews are blind: they don't see your rating before giving theirs (or until ${closes}).`
    : `${studentName} has not given their review yet. They see ${employerName}'s rating once they have (or on ${closes}).`;
}

/**
 * The two-way review of a finished project. The employer's rating of the student shows to the
 * student only once they have reviewed the employer (and each mentor) or 14 days have passed:
 * the server hides it; this says why and offers the form. The employer changes the rating for 10
 * days while it is blind; once revealed, both are sealed (the server says what may change: abilities).
 */
export function Reviews({
  project,
  role,
  studentName,
  data,
  onSaved,
}: {
  project: Project;
  role: Role;
  studentName: string;
  data: ReviewsData;
  onSaved(next: ReviewsData): void;
}) {
  const [editing, setEditing] = useState<'review' | 'rating' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { ofStudent, byStudent } = data;
  if (!ofStudent) return null;
  const employerName = ofStudent.by?.name ?? project.employer.name;

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const comment = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    try {
      const next =
        editing === 'rating'
          ? await call(API.editRating, {
              params: { id: project.id },
              body: {
                rating: {
                  skills: Object.fromEntries(project.skills.map((s) => [s, Number(form.get(`skill:${s}`))])),
                  wouldWorkAgain: form.get('again') === 'on',
                },
              },
            })
          : await call(API.reviewAsStudent, {
              params: { id: project.id },
              body: {
                employer: {
                  clarity: Number(form.get('clarity')),
                  responsiveness: Number(form.get('responsiveness')),
                  wouldWorkAgain: form.get('again') === 'yes',
                  comment: comment('comment'),
                },
                mentors: data.mentors.map((m) => ({
                  mentorId: m.id,
                  helpfulness: Number(form.get(`mentor:${m.id}`)),
                  comment: comment(`mentor-comment:${m.id}`),
                })),
              },
            });
      setEditing(null);
      setError(null);
      onSaved(next);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const studentForm = (given: ByStudent | null) => (
    <form className="stack review-form" aria-label={`Review working with ${employerName}`} onSubmit={save}>
      <ScoreInput name="clarity" label={`How clear was ${employerName}'s brief?`} value={given?.employer.clarity} />
      <ScoreInput name="responsiveness" label="How quickly and helpfully did they answer?" value={given?.employer.responsiveness} />
      <fieldset className="score">
        <legend>Would you work with them again?</legend>
        <label>
          <input type="radio" name="again" value="yes" required defaultChecked={given?.employer.wouldWorkAgain === true} /> <span>Yes</span>
        </label>
        <label>
          <input type="radio" name="again" value="no" required defaultChecked={given?.employer.wouldWorkAgain === false} /> <span>No</span>
        </label>
      </fieldset>
      <label className="stack">
        Anything to add? <span className="hint">Optional; the employer and mentors read it.</span>
        <textarea name="comment" rows={3} maxLength={2000} defaultValue={given?.employer.comment} />
      </label>
      {data.mentors.map((m) => (
        <div key={m.id} className="stack">
          <ScoreInput
            name={`mentor:${m.id}`}
            label={`How helpful was ${m.name}, your mentor?`}
            value={given?.mentors.find((x) => x.mentor.id === m.id)?.helpfulness}
          />
          <label className="stack">
            A word for {m.name}? <span className="hint">Optional.</span>
            <textarea name={`mentor-comment:${m.id}`} rows={2} maxLength={2000} defaultValue={given?.mentors.find((x) => x.mentor.id === m.id)?.comment} />
          </label>
        </div>
      ))}
      <div className="row wrap">
        <button type="submit">{given ? 'Save my review' : 'Give my review'}</button>
        {given ? (
          <button type="button" className="secondary" onClick={() => setEditing(null)}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );

  const ratingForm = (
    <form className="stack" aria-label="Change my rating" onSubmit={save}>
      {project.skills.map((skill) => (
        <ScoreInput key={skill} name={`skill:${skill}`} label={skill} value={ofStudent.rating?.skills[skill]} />
      ))}
      <label className="row">
        <input type="checkbox" name="again" defaultChecked={ofStudent.rating?.wouldWorkAgain} /> I would work with this student again
      </label>
      <div className="row wrap">
        <button type="submit">Save rating</button>
        <button type="button" className="secondary" onClick={() => setEditing(null)}>
          Cancel
        </button>
      </div>
    </form>
  );

  return (
    <div className="stack reviews">
      <h3>{role === 'student' ? `${employerName}'s rating of your work` : `Rating of ${studentName}`}</h3>
      {ofStudent.rating ? (
        editing === 'rating' ? (
          ratingForm
        ) : (
          <>
            <table className="ratings">
              <tbody>
                {Object.entries(ofStudent.rating.skills).map(([skill, n]) => (
                  <tr key={skill}>
                    <td>{skill}</td>
                    <td>
                      <Stars n={n} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              {ofStudent.rating.wouldWorkAgain
                ? role === 'employer'
                  ? `You would work with ${studentName} again.`
                  : `${employerName} would work with ${role === 'student' ? 'you' : studentName} again.`
                : ''}
            </p>
            {data.abilities.editRating ? (
              <div className="row wrap">
                <button type="button" className="secondary" onClick={() => setEditing('rating')}>
                  Change rating
                </button>
                <span className="hint">Until {day(ofStudent.editableUntil)}, or until the student turns it into their portfolio item.</span>
              </div>
            ) : null}
          </>
        )
      ) : (
        <p className="notice blind" role="status">
          {employerName} has rated your work. Reviews are blind: you see their rating once you have given yours, or on {day(data.revealsAt!)} (
          {REVIEW_REVEAL_DAYS} days after completion), when reviews close.
        </p>
      )}

      <h3>{role === 'student' ? 'Your review' : `${studentName}'s review`}</h3>
      {byStudent && editing !== 'review' ? (
        <div className="stack review-given">
          <table className="ratings">
            <tbody>
              <tr>
                <td>Clarity of the brief</td>
                <td>
                  <Stars n={byStudent.employer.clarity} />
                </td>
              </tr>
              <tr>
                <td>Responsiveness</td>
                <td>
                  <Stars n={byStudent.employer.responsiveness} />
                </td>
              </tr>
              {byStudent.mentors.map((m) => (
                <tr key={m.mentor.id}>
                  <td>Helpfulness of {m.mentor.name}</td>
                  <td>
                    <Stars n={m.helpfulness} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{byStudent.employer.wouldWorkAgain ? `Would work with ${employerName} again.` : `Would not work with ${employerName} again.`}</p>
          {byStudent.employer.comment ? <blockquote>{byStudent.employer.comment}</blockquote> : null}
          {byStudent.mentors
            .filter((m) => m.comment)
            .map((m) => (
              <blockquote key={m.mentor.id}>
                To {m.mentor.name}: {m.comment}
              </blockquote>
            ))}
          {data.abilities.review ? (
            <div className="row wrap">
              <button type="button" className="secondary" onClick={() => setEditing('review')}>
                Change my review
              </button>
              <span className="hint">Until {day(byStudent.editableUntil)}.</span>
            </div>
          ) : null}
        </div>
      ) : data.abilities.review ? (
        studentForm(byStudent)
      ) : role === 'student' ? (
        <p className="muted">Reviews closed {day(data.revealsAt!)} without yours.</p>
      ) : (
        <p className="muted">{waitingFor(role, studentName, employerName, data)}</p>
      )}
      <Alert error={error} />
    </div>
  );
}
