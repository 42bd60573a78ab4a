import { describe, expect, it } from 'vitest';
import { projectAbilities } from './abilities.ts';
import { DOC_KINDS } from './doc-kinds.ts';
import { ACTIONS, decideTransition } from './lifecycle.ts';
import { decideMilestone } from './milestones.ts';
import { passes } from './passes.ts';
import { assertCanApply, assertCanInvite, assertCanReviewApplications, assertCanScheduleCheckins } from './policy.ts';
import { rightFor } from './rights.ts';
import { ROLES } from './roles.ts';
import { APPLICATION_STATUSES } from './schemas/projects.ts';
import { STATUSES } from './statuses.ts';
import { assertCanLogWork } from './work-log.ts';

describe('abilities say what the enforcing rules will allow, in every cell', () => {
  it('status × role × application: moves, documents, applying, inviting, applications, work log, plan', () => {
    for (const status of STATUSES) {
      for (const role of [...ROLES, null]) {
        for (const application of [...APPLICATION_STATUSES, null]) {
          const cell = `${status} ${role} ${application}`;
          const a = projectAbilities({ status, role, signedIn: true, application });
          expect(a.moves, cell).toEqual(ACTIONS.filter((action) => passes(() => decideTransition(status, action, role))));
          for (const kind of DOC_KINDS) expect(a.documents[kind], cell).toBe(role ? rightFor(role, kind, status) : 'none');
          expect(a.apply, cell).toBe(passes(() => assertCanApply(status, role, application)));
          expect(a.invite, cell).toBe(passes(() => assertCanInvite(status, role)));
          expect(a.seeApplications, cell).toBe(passes(() => assertCanReviewApplications(role)));
          expect(a.decideApplications, cell).toBe(passes(() => decideTransition(status, 'accept', role)));
          expect(a.logWork, cell).toBe(passes(() => assertCanLogWork(status, role)));
          expect(a.planMilestones, cell).toBe(passes(() => decideMilestone(status, 'add', role, 'none')));
          expect(a.withdraw, cell).toBe(application === 'pending');
          expect(a.scheduleCheckins, cell).toBe(passes(() => assertCanScheduleCheckins(status, role)));
        }
      }
    }
  });

  it('a visitor (not signed in) may apply to nothing, and is offered to sign in where applying is open', () => {
    for (const status of STATUSES) {
      const visitor = projectAbilities({ status, role: null, signedIn: false, application: null });
      expect([visitor.apply, visitor.signInToApply], status).toEqual([false, status === 'open']);
      expect(projectAbilities({ status, role: null, signedIn: true, application: null }).signInToApply, status).toBe(false);
    }
  });
});
