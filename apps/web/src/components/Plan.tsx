import { API, MILESTONE_STANDING_LABELS } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { type MilestoneItem, type Plan as PlanData, useMilestones } from '../lib/plan.ts';
import { Alert } from './Alert.tsx';
import { CheckinTimeline, STANDING_COLORS } from './CheckinTimeline.tsx';

const fmt = formatDay;
const form = (event: FormEvent<HTMLFormElement>) => {
  event.preventDefault();
  return new FormData(event.currentTarget);
};

/**
 * The project's milestones: a timeline with today, each milestone with how it stands, and what
 * the viewer may do next — the employer plans, accepts or reopens and answers requests for more
 * time; the student agrees to proposals, marks milestones done with a check-in and asks for time.
 * What is allowed is the server's decision; the buttons shown follow the same table.
 */
export function Plan({ projectId, start, due }: { projectId: string; start: string; due: string | null }) {
  const { plan, error } = useMilestones(projectId);
  const [failure, setFailure] = useState<string | null>(null);
  if (!plan) return error ? <Alert error={error} /> : null;
  // The server's answer: whether this person may add milestones now, and as what.
  const planning = plan.addedAs !== null;
  if (plan.milestones.length === 0 && !planning) return null;
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      setFailure(null);
      return true;
    } catch (e) {
      setFailure(errorText(e));
      return false;
    }
  };
  return (
    <section aria-labelledby="plan-heading" id="plan" className="stack">
      <h2 id="plan-heading">Milestones</h2>
      <CheckinTimeline entries={[]} start={start} due={due} milestones={plan.milestones} today={plan.today} />
      <ol className="milestones">
        {plan.milestones.map((m) => (
          <MilestoneRow key={m.id} projectId={projectId} milestone={m} plan={plan} act={act} />
        ))}
      </ol>
      <Alert error={failure} />
      {planning ? <AddMilestone projectId={projectId} proposing={plan.addedAs === 'proposed'} due={due} act={act} /> : null}
    </section>
  );
}

type Act = (run: () => Promise<unknown>) => Promise<boolean>;

function MilestoneRow({ projectId, milestone: m, plan, act }: { projectId: string; milestone: MilestoneItem; plan: PlanData; act: Act }) {
  const [open, setOpen] = useState<null | 'complete' | 'reopen' | 'extend'>(null);
  const params = { id: projectId, milestoneId: m.id };
  // The buttons offered are what the server says this viewer may do with it (the domain's table).
  const may = (action: keyof MilestoneItem['abilities']) => m.abilities[action];
  const pending = m.extensions.find((e) => e.state === 'pending');
  const latest = m.extensions.at(-1);
  return (
    <li className="milestone card stack" data-milestone={m.title} data-standing={m.standing}>
      <div className="row between wrap">
        <strong>{m.title}</strong>
        <span className="standing" style={{ background: STANDING_COLORS[m.standing] }}>
          {MILESTONE_STANDING_LABELS[m.standing]}
        </span>
      </div>
      <p className="muted">Due {fmt(m.dueDate)}</p>
      {m.submission ? <p className="checkin">Check-in: {m.submission.note}</p> : null}
      {m.review && !m.review.accepted && m.state === 'open' ? (
        <p className="notice">
          Reopened by {m.review.by.name}: {m.review.note}
        </p>
      ) : null}
      {latest ? (
        <p className="muted" data-extension={latest.state}>
          {latest.state === 'pending'
            ? `More time asked for: ${fmt(latest.requestedDate)} (${latest.reason})`
            : latest.state === 'granted'
              ? `Extended from ${fmt(latest.fromDate)} to ${fmt(latest.requestedDate)}${latest.decisionNote ? ` — “${latest.decisionNote}”` : ''}`
              : `More time declined${latest.decisionNote ? ` — “${latest.decisionNote}”` : ''}`}
        </p>
      ) : null}
      <div className="row wrap">
        {may('agree') ? (
          <button type="button" onClick={() => act(() => call(API.agreeMilestone, { params }))}>
            Agree to this milestone
          </button>
        ) : null}
        {may('complete') ? (
          <>
            <button type="button" onClick={() => setOpen(open === 'complete' ? null : 'complete')}>
              Mark done…
            </button>
            {pending || !may('request_extension') ? null : (
              <button type="button" className="secondary" onClick={() => setOpen(open === 'extend' ? null : 'extend')}>
                Ask for more time…
              </button>
            )}
          </>
        ) : null}
        {may('accept') ? (
          <>
            <button type="button" onClick={() => act(() => call(API.acceptMilestone, { params }))}>
              Accept milestone
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(open === 'reopen' ? null : 'reopen')}>
              Reopen…
            </button>
          </>
        ) : null}
        {may('decide_extension') && pending ? (
          <>
            <button
              type="button"
              onClick={() => act(() => call(API.decideExtension, { params: { ...params, extensionId: pending.id }, body: { grant: true } }))}
            >
              Grant more time
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => act(() => call(API.decideExtension, { params: { ...params, extensionId: pending.id }, body: { grant: false } }))}
            >
              Decline
            </button>
          </>
        ) : null}
        {may('remove') ? (
          <button type="button" className="link" onClick={() => act(() => call(API.removeMilestone, { params }))}>
            Remove
          </button>
        ) : null}
      </div>
      {open === 'complete' ? (
        <form
          className="stack"
          aria-label={`Mark ${m.title} done`}
          onSubmit={async (event) => {
            const f = form(event);
            if (await act(() => call(API.completeMilestone, { params, body: { note: String(f.get('note')) } }))) setOpen(null);
          }}
        >
          <label>
            Check-in: what is done, and where to look
            <textarea name="note" required maxLength={2000} rows={3} />
          </label>
          <button type="submit">Mark done</button>
        </form>
      ) : null}
      {open === 'reopen' ? (
        <form
          className="stack"
          aria-label={`Reopen ${m.title}`}
          onSubmit={async (event) => {
            const f = form(event);
            if (await act(() => call(API.reopenMilestone, { params, body: { note: String(f.get('note')) } }))) setOpen(null);
          }}
        >
          <label>
            What is missing
            <textarea name="note" required maxLength={2000} rows={3} />
          </label>
          <button type="submit">Reopen</button>
        </form>
      ) : null}
      {open === 'extend' ? (
        <form
          className="row wrap end"
          aria-label={`More time for ${m.title}`}
          onSubmit={async (event) => {
            const f = form(event);
            const body = { dueDate: String(f.get('dueDate')), reason: String(f.get('reason')) };
            if (await act(() => call(API.requestExtension, { params, body }))) setOpen(null);
          }}
        >
          <label>
            New due date
            <input name="dueDate" type="date" required min={m.dueDate} />
          </label>
          <label className="grow">
            Why
            <input name="reason" required maxLength={1000} />
          </label>
          <button type="submit">Ask</button>
          <p className="muted small">Ask at least {plan.extensionNoticeDays} days before the due date.</p>
        </form>
      ) : null}
    </li>
  );
}

function AddMilestone({ projectId, proposing, due, act }: { projectId: string; proposing: boolean; due: string | null; act: Act }) {
  return (
    <form
      className="card row wrap end"
      aria-label="Add a milestone"
      onSubmit={async (event) => {
        const target = event.currentTarget;
        const f = form(event);
        if (await act(() => call(API.addMilestone, { params: { id: projectId }, body: { title: String(f.get('title')), dueDate: String(f.get('dueDate')) } })))
          target.reset();
      }}
    >
      <label className="grow">
        Milestone
        <input name="title" required maxLength={120} placeholder="e.g. Data cleaned" />
      </label>
      <label>
        Due
        <input name="dueDate" type="date" required min={new Date().toISOString().slice(0, 10)} max={due ?? undefined} />
      </label>
      <button type="submit">{proposing ? 'Propose milestone' : 'Add milestone'}</button>
      {proposing ? <p className="muted small">The work has started: the student agrees to a new milestone before it counts.</p> : null}
    </form>
  );
}
