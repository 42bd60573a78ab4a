import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  assertRoomForMilestone,
  checkExtensionRequest,
  checkMilestoneDate,
  decideMilestone,
  MAX_MILESTONES,
  MILESTONE_ACTIONS,
  MILESTONE_RULES,
  MILESTONE_STATES,
  type MilestoneAction,
  type MilestoneState,
  milestoneAbilities,
  milestoneAddedAs,
  milestoneAllows,
  milestoneStanding,
} from './milestones.ts';
import { passes } from './passes.ts';
import { ROLES, type Role } from './roles.ts';
import { STATUSES, type Status } from './statuses.ts';

/**
 * The milestone rules in prose form, written apart from the table: who does what, during which
 * project statuses, from which milestone state to which.
 */
const expected: Record<MilestoneAction, { role: Role; moves: Array<{ during: Status[]; from: MilestoneState | 'none'; to: string }> }> = {
  add: {
    role: 'employer',
    moves: [
      { during: ['draft', 'open'], from: 'none', to: 'open' },
      { during: ['in_progress'], from: 'none', to: 'proposed' },
    ],
  },
  edit: {
    role: 'employer',
    moves: [
      { during: ['draft', 'open'], from: 'open', to: 'open' },
      { during: ['in_progress'], from: 'proposed', to: 'proposed' },
    ],
  },
  remove: {
    role: 'employer',
    moves: [
      { during: ['draft', 'open'], from: 'open', to: 'removed' },
      { during: ['in_progress'], from: 'proposed', to: 'removed' },
    ],
  },
  agree: { role: 'student', moves: [{ during: ['in_progress'], from: 'proposed', to: 'open' }] },
  complete: { role: 'student', moves: [{ during: ['in_progress'], from: 'open', to: 'submitted' }] },
  accept: { role: 'employer', moves: [{ during: ['in_progress', 'in_review'], from: 'submitted', to: 'done' }] },
  reopen: { role: 'employer', moves: [{ during: ['in_progress', 'in_review'], from: 'submitted', to: 'open' }] },
  request_extension: { role: 'student', moves: [{ during: ['in_progress'], from: 'open', to: 'open' }] },
  decide_extension: { role: 'employer', moves: [{ during: ['in_progress'], from: 'open', to: 'open' }] },
};

function outcome(status: Status, action: MilestoneAction, role: Role | null, state: MilestoneState | 'none'): string {
  try {
    return decideMilestone(status, action, role, state);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
    return `${error.kind}:${error.code}`;
  }
}

describe('milestone table: every action × role × project status × milestone state', () => {
  for (const action of MILESTONE_ACTIONS) {
    const rule = expected[action];
    for (const role of [...ROLES, null]) {
      for (const status of STATUSES) {
        for (const state of ['none', ...MILESTONE_STATES] as const) {
          // 403 before 409: a role that never may is told so whatever the state of things.
          let want: string;
          if (role !== rule.role) want = 'forbidden:not_allowed';
          else if (!rule.moves.some((m) => m.during.includes(status))) want = 'conflict:invalid_transition';
          else want = rule.moves.find((m) => m.during.includes(status) && m.from === state)?.to ?? 'conflict:invalid_milestone_state';
          it(`${action} by ${role ?? 'a non-member'}, project ${status}, milestone ${state} → ${want}`, () => {
            expect(outcome(status, action, role, state)).toBe(want);
            // What pages offer agrees with what the server decides, cell by cell.
            expect(milestoneAllows(status, action, role, state)).toBe(!want.includes(':'));
          });
        }
      }
    }
  }

  it('has exactly the moves written above', () => {
    const count = Object.values(expected).reduce((n, e) => n + e.moves.length, 0);
    expect(MILESTONE_RULES).toHaveLength(count);
  });
});

describe('how a milestone stands', () => {
  it('is upcoming, due soon within three days, overdue the day after its date; done and awaiting review whatever the date', () => {
    expect(milestoneStanding('open', '2026-12-10', '2026-12-01')).toBe('upcoming');
    expect(milestoneStanding('open', '2026-12-04', '2026-12-01')).toBe('due_soon');
    expect(milestoneStanding('open', '2026-12-01', '2026-12-01')).toBe('due_soon');
    expect(milestoneStanding('open', '2026-11-30', '2026-12-01')).toBe('overdue');
    expect(milestoneStanding('submitted', '2026-11-30', '2026-12-01')).toBe('awaiting_review');
    expect(milestoneStanding('done', '2026-11-30', '2026-12-01')).toBe('done');
    expect(milestoneStanding('proposed', '2026-11-30', '2026-12-01')).toBe('proposed');
  });

  it('on a finished project, what was not done is closed with it, whatever the date', () => {
    for (const status of ['completed', 'archived', 'cancelled'] as const) {
      for (const state of ['open', 'proposed', 'submitted'] as const) expect(milestoneStanding(state, '2026-12-10', '2026-12-01', status)).toBe('closed');
      expect(milestoneStanding('done', '2026-12-10', '2026-12-01', status)).toBe('done');
    }
    expect(milestoneStanding('open', '2026-12-10', '2026-12-01', 'in_review')).toBe('upcoming');
  });
});

describe('when a milestone may be due', () => {
  it('from today to the project’s due date, inclusive; any day from today when the project has none', () => {
    expect(() => checkMilestoneDate('2026-12-01', { today: '2026-12-01', projectDue: '2026-12-20' })).not.toThrow();
    expect(() => checkMilestoneDate('2026-12-20', { today: '2026-12-01', projectDue: '2026-12-20' })).not.toThrow();
    expect(() => checkMilestoneDate('2026-12-21', { today: '2026-12-01', projectDue: '2026-12-20' })).toThrow(/project’s due date \(2026-12-20\)/);
    expect(() => checkMilestoneDate('2026-11-30', { today: '2026-12-01', projectDue: null })).toThrow(/past/);
    expect(() => checkMilestoneDate('2027-06-01', { today: '2026-12-01', projectDue: null })).not.toThrow();
  });
});

describe('asking for more time', () => {
  const ask = (over: Partial<Parameters<typeof checkExtensionRequest>[0]>) => {
    try {
      checkExtensionRequest({
        dueDate: '2026-12-10',
        requested: '2026-12-17',
        today: '2026-12-01',
        noticeDays: 2,
        pending: false,
        projectDue: '2026-12-31',
        ...over,
      });
      return 'ok';
    } catch (error) {
      return (error as DomainError).code;
    }
  };
  it('is possible up to the notice period before the due date, for a later date, one request at a time', () => {
    expect(ask({})).toBe('ok');
    expect(ask({ today: '2026-12-08' })).toBe('ok');
    expect(ask({ today: '2026-12-09' })).toBe('extension_too_late');
    expect(ask({ today: '2026-12-12' })).toBe('extension_too_late');
    expect(ask({ noticeDays: 5, today: '2026-12-06' })).toBe('extension_too_late');
    expect(ask({ requested: '2026-12-10' })).toBe('invalid_request');
    expect(ask({ pending: true })).toBe('extension_pending');
  });

  it('asks for a date by the project’s due date, never past it (9999-12-31 was granted)', () => {
    expect(ask({ requested: '2026-12-31' })).toBe('ok');
    expect(ask({ requested: '2027-01-01' })).toBe('invalid_request');
    expect(ask({ requested: '9999-12-31' })).toBe('invalid_request');
    expect(ask({ requested: '9999-12-31', projectDue: null })).toBe('ok');
  });
});

describe('how many milestones a project holds', () => {
  it(`room for one more below ${MAX_MILESTONES}, none at it`, () => {
    expect(() => assertRoomForMilestone(MAX_MILESTONES - 1)).not.toThrow();
    expect(() => assertRoomForMilestone(MAX_MILESTONES)).toThrow(expect.objectContaining({ code: 'too_many_milestones' }));
  });
});

describe('milestoneAbilities and milestoneAddedAs', () => {
  it('answer every status × role × state cell as the table decides it', () => {
    for (const status of STATUSES)
      for (const role of [...ROLES, null])
        for (const state of MILESTONE_STATES) {
          const abilities = milestoneAbilities(status, role, state);
          for (const [action, allowed] of Object.entries(abilities))
            expect(allowed, `${status} ${role} ${state} ${action}`).toBe(passes(() => decideMilestone(status, action as MilestoneAction, role, state)));
        }
    for (const status of STATUSES)
      for (const role of [...ROLES, null]) {
        const added = passes(() => decideMilestone(status, 'add', role, 'none')) ? decideMilestone(status, 'add', role, 'none') : null;
        expect(milestoneAddedAs(status, role), `${status} ${role}`).toBe(added);
      }
    expect(milestoneAddedAs('in_progress', 'employer')).toBe('proposed');
    expect(milestoneAddedAs('open', 'employer')).toBe('open');
    expect(milestoneAddedAs('open', 'student')).toBeNull();
  });
});
