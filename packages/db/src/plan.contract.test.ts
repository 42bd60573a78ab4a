import type { Action, CreateProjectBody, Status } from '@stint/domain';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptApplication,
  changeMilestone,
  createUser,
  decideExtension,
  deleteWorkEntry,
  editRating,
  employerReviews,
  findPayment,
  findRole,
  findStudentReview,
  followPayment,
  followStepAway,
  insertApplication,
  insertExtension,
  insertMilestone,
  insertProject,
  insertWorkEntry,
  listApplications,
  listEvents,
  listMilestones,
  listWorkLog,
  recordMove,
  recordPayment,
  type StintDatabase,
  saveStudentReview,
  updateWorkEntry,
  workLogTotal,
} from './index.ts';
import type { Database } from './schema.ts';
import { type OpenedTestDatabase, testDatabaseTargets } from './testing/index.ts';

const targets = await testDatabaseTargets();

const brief: CreateProjectBody = {
  title: 'Churn analysis',
  summary: 'Find out why trial users leave.',
  skills: ['sql'],
  estimatedHours: 10,
  compensation: { amount: 50000, currency: 'USD' },
  dueDate: '2099-01-31',
};

let seq = 0;
const person = (db: StintDatabase, name: string) => createUser(db.db, { email: `${name.toLowerCase()}${++seq}@plan.test`, name, passwordHash: 'x' });

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`milestones and work log on ${target.dialect}`, () => {
    let opened: OpenedTestDatabase;
    let store: StintDatabase;
    beforeAll(async () => {
      opened = await target.open();
      store = opened.database;
    });
    afterAll(() => opened?.drop());

    it('keeps milestones in due-date order with their check-in, review and extensions; a stale move changes nothing', async () => {
      const erin = await person(store, 'Erin');
      const sam = await person(store, 'Sam');
      const project = await insertProject(store.db, erin.id, brief);
      const later = await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'Report', dueDate: '2099-01-20', state: 'open' });
      const first = await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'Data pulled', dueDate: '2099-01-10', state: 'open' });
      expect((await listMilestones(store.db, project.id)).map((m) => m.title)).toEqual(['Data pulled', 'Report']);

      await changeMilestone(store.db, {
        projectId: project.id,
        actorId: sam.id,
        milestoneId: first,
        expected: 'open',
        to: 'submitted',
        action: 'milestone_complete',
        set: { submittedNote: 'Pulled 40k rows' },
        message: 'Data pulled',
      });
      // The same move again, from a state it has left: 409, nothing written.
      await expect(
        changeMilestone(store.db, {
          projectId: project.id,
          actorId: sam.id,
          milestoneId: first,
          expected: 'open',
          to: 'submitted',
          action: 'milestone_complete',
          message: 'x',
        }),
      ).rejects.toMatchObject({ kind: 'conflict', code: 'invalid_milestone_state' });
      await changeMilestone(store.db, {
        projectId: project.id,
        actorId: erin.id,
        milestoneId: first,
        expected: 'submitted',
        to: 'done',
        action: 'milestone_accept',
        set: { review: { accepted: true, note: null } },
        message: 'Data pulled',
      });

      const ext = await insertExtension(store.db, {
        projectId: project.id,
        actorId: sam.id,
        milestoneId: later,
        title: 'Report',
        fromDate: '2099-01-20',
        requestedDate: '2099-01-25',
        reason: 'The export was late',
      });
      await expect(
        insertExtension(store.db, {
          projectId: project.id,
          actorId: sam.id,
          milestoneId: later,
          title: 'Report',
          fromDate: '2099-01-20',
          requestedDate: '2099-01-26',
          reason: 'again',
        }),
      ).rejects.toMatchObject({ code: 'extension_pending' });
      await decideExtension(store.db, {
        projectId: project.id,
        actorId: erin.id,
        milestoneId: later,
        extensionId: ext,
        grant: true,
        note: 'Fine',
        title: 'Report',
      });
      await expect(
        decideExtension(store.db, { projectId: project.id, actorId: erin.id, milestoneId: later, extensionId: ext, grant: false, note: null, title: 'Report' }),
      ).rejects.toMatchObject({ code: 'extension_decided' });

      const [done, report] = await listMilestones(store.db, project.id);
      expect(done).toMatchObject({ state: 'done', submission: { note: 'Pulled 40k rows' }, review: { accepted: true, by: { id: erin.id, name: 'Erin' } } });
      expect(report).toMatchObject({
        dueDate: '2099-01-25',
        extensions: [{ fromDate: '2099-01-20', requestedDate: '2099-01-25', state: 'granted', decisionNote: 'Fine' }],
      });
      const kinds = (await listEvents(store.db, project.id)).map((e) => e.action);
      expect(kinds).toEqual(expect.arrayContaining(['milestone_add', 'milestone_complete', 'milestone_accept', 'extension_request', 'extension_grant']));
    });

    it('fixes the fee when the student is accepted, makes it due at completion, records it paid once', async () => {
      const erin = await person(store, 'Erin');
      const project = await insertProject(store.db, erin.id, { ...brief, compensation: { amount: 75000, currency: 'EUR' } });
      const move = (from: Status, to: Status, action: Action, now: number) =>
        recordMove(store.db, {
          follow: (trx) => followPayment(trx, project.id, from, to, now),
          projectId: project.id,
          actorId: erin.id,
          action,
          from,
          to,
          now,
        });
      await move('draft', 'open', 'publish', 1_000);
      expect(await findPayment(store.db, project.id)).toBeNull();
      await move('open', 'in_progress', 'accept', 2_000);
      expect(await findPayment(store.db, project.id)).toMatchObject({ amount: 75000, currency: 'EUR', state: 'agreed', dueAt: null, paid: null });
      await move('in_progress', 'in_review', 'submit', 3_000);
      await move('in_review', 'completed', 'complete', 4_000);
      expect(await findPayment(store.db, project.id)).toMatchObject({ state: 'due', dueAt: 4_000 });
      await recordPayment(store.db, { projectId: project.id, actorId: erin.id, role: 'employer', reference: 'TX-9' }, 5_000);
      expect(await findPayment(store.db, project.id)).toMatchObject({ state: 'paid', paid: { role: 'employer', reference: 'TX-9', by: { id: erin.id } } });
      await expect(recordPayment(store.db, { projectId: project.id, actorId: erin.id, role: 'employer', reference: 'again' })).rejects.toMatchObject({
        code: 'payment_changed',
      });
    });

    it("keeps the student's review of the employer and each mentor, its first time when edited, and what students said of an employer", async () => {
      const erin = await person(store, 'Erin');
      const maya = await person(store, 'Maya');
      const project = await insertProject(store.db, erin.id, brief);
      const averages = async () => employerReviews(store.db, erin.id);
      expect(await findStudentReview(store.db, project.id)).toBeNull();
      const reviewBy = async (student: { id: string }, clarity: number, now: number, projectId = project.id) =>
        saveStudentReview(
          store.db,
          {
            projectId,
            authorId: student.id,
            employerId: erin.id,
            employer: { clarity, responsiveness: 4, wouldWorkAgain: clarity > 2, comment: 'Clear brief.' },
            mentors: projectId === project.id ? [{ mentorId: maya.id, helpfulness: 5 }] : [],
          },
          now,
        );
      const sam = await person(store, 'Sam');
      expect(await reviewBy(sam, 3, 1_000)).toEqual({ first: true });
      expect(await reviewBy(sam, 5, 2_000)).toEqual({ first: false });
      expect(await findStudentReview(store.db, project.id)).toEqual({
        by: { id: sam.id, name: 'Sam' },
        employer: { clarity: 5, responsiveness: 4, wouldWorkAgain: true, comment: 'Clear brief.' },
        mentors: [{ mentor: { id: maya.id, name: 'Maya' }, helpfulness: 5, comment: '' }],
        givenAt: 1_000,
        updatedAt: 2_000,
      });
      expect((await listEvents(store.db, project.id)).map((e) => e.action)).toEqual(['create', 'review_given', 'review_edited']);
      const other = await insertProject(store.db, erin.id, brief);
      await reviewBy(await person(store, 'Ana'), 1, 3_000, other.id);
      expect(await averages()).toEqual([
        { clarity: 5, responsiveness: 4, wouldWorkAgain: true },
        { clarity: 1, responsiveness: 4, wouldWorkAgain: false },
      ]);
      await editRating(store.db, { projectId: project.id, actorId: erin.id, rating: { skills: { sql: 2 }, wouldWorkAgain: false } }, 4_000);
      expect((await listEvents(store.db, project.id)).at(-1)).toMatchObject({ action: 'rating_edited', payload: { rating: { skills: { sql: 2 } } } });
    });

    it('a student stepping away leaves the project, withdraws, puts back those their acceptance declined, and readies the plan; the next acceptance agrees the fee anew', async () => {
      const erin = await person(store, 'Erin');
      const sam = await person(store, 'Sam');
      const priya = await person(store, 'Priya');
      const project = await insertProject(store.db, erin.id, brief);
      const fee = (from: Status, to: Status, now: number) => (trx: Transaction<Database>) => followPayment(trx, project.id, from, to, now);
      await recordMove(store.db, { follow: null, projectId: project.id, actorId: erin.id, action: 'publish', from: 'draft', to: 'open', now: 1_000 });
      const samsApp = await insertApplication(store.db, { projectId: project.id, applicantId: sam.id, pitch: 'Me.' });
      const priyasApp = await insertApplication(store.db, { projectId: project.id, applicantId: priya.id, pitch: 'Me too.' });
      await acceptApplication(
        store.db,
        { follow: fee('open', 'in_progress', 2_000), projectId: project.id, applicationId: samsApp.id, actorId: erin.id, from: 'open', to: 'in_progress' },
        2_000,
      );
      await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'Kept', dueDate: '2099-01-05', state: 'done' });
      await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'Reopened', dueDate: '2099-01-10', state: 'submitted' });
      await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'Proposal', dueDate: '2099-01-20', state: 'proposed' });
      const open = await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'Asked', dueDate: '2099-01-25', state: 'open' });
      await insertExtension(store.db, {
        projectId: project.id,
        actorId: sam.id,
        milestoneId: open,
        title: 'Asked',
        fromDate: '2099-01-25',
        requestedDate: '2099-02-01',
        reason: 'More data.',
      });

      await recordMove(store.db, {
        // What the server's step-away command has follow the move: the fee, and STEP_AWAY.
        follow: async (trx) => {
          await fee('in_progress', 'draft', 3_000)(trx);
          await followStepAway(trx, project.id, sam.id, 3_000);
        },
        projectId: project.id,
        actorId: sam.id,
        action: 'step_away',
        from: 'in_progress',
        to: 'draft',
        payload: { message: 'Leaving.' },
        now: 3_000,
      });
      expect(await findRole(store.db, project.id, sam.id)).toBeNull();
      const apps = await listApplications(store.db, project.id);
      expect(Object.fromEntries(apps.map((a) => [a.id, a.status]))).toEqual({ [samsApp.id]: 'withdrawn', [priyasApp.id]: 'pending' });
      const plan = await listMilestones(store.db, project.id);
      expect(plan.map((m) => [m.title, m.state])).toEqual([
        ['Kept', 'done'],
        ['Reopened', 'open'],
        ['Asked', 'open'],
      ]);
      expect(plan.find((m) => m.title === 'Asked')?.extensions.map((e) => e.state)).toEqual(['declined']);
      expect(await findPayment(store.db, project.id)).toMatchObject({ state: 'cancelled' });

      await recordMove(store.db, { follow: null, projectId: project.id, actorId: erin.id, action: 'publish', from: 'draft', to: 'open', now: 4_000 });
      await acceptApplication(
        store.db,
        { follow: fee('open', 'in_progress', 5_000), projectId: project.id, applicationId: priyasApp.id, actorId: erin.id, from: 'open', to: 'in_progress' },
        5_000,
      );
      expect(await findRole(store.db, project.id, priya.id)).toBe('student');
      expect(await findPayment(store.db, project.id)).toMatchObject({ state: 'agreed', amount: 50000, agreedAt: new Date(5_000).toISOString(), dueAt: null });
    });

    it('refuses a 21st milestone', async () => {
      const erin = await person(store, 'Erin');
      const project = await insertProject(store.db, erin.id, brief);
      for (let i = 0; i < 20; i++)
        await insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: `M${i}`, dueDate: '2099-01-10', state: 'open' });
      await expect(
        insertMilestone(store.db, { projectId: project.id, actorId: erin.id, title: 'one more', dueDate: '2099-01-10', state: 'open' }),
      ).rejects.toMatchObject({ kind: 'conflict', code: 'too_many_milestones' });
    });

    it('totals the work log; an entry changes or goes only for the one who logged it', async () => {
      const erin = await person(store, 'Erin');
      const sam = await person(store, 'Sam');
      const project = await insertProject(store.db, erin.id, brief);
      const anyDay = { dialect: store.dialect, fits: () => {} };
      const a = await insertWorkEntry(
        store.db,
        { projectId: project.id, userId: sam.id, date: '2099-01-02', minutes: 90, description: 'Pulled the data' },
        anyDay,
      );
      const b = await insertWorkEntry(store.db, { projectId: project.id, userId: sam.id, date: '2099-01-03', minutes: 45, description: 'Cleaned it' }, anyDay);
      await updateWorkEntry(store.db, { projectId: project.id, entryId: a, userId: sam.id, minutes: 120 }, { ...anyDay, date: '2099-01-02' });
      await updateWorkEntry(store.db, { projectId: project.id, entryId: b, userId: erin.id, minutes: 600 }, { ...anyDay, date: '2099-01-03' });
      // The day's room is asked with what the person logged on it, over every project, in the write's transaction.
      const seen: number[] = [];
      await insertWorkEntry(
        store.db,
        { projectId: project.id, userId: sam.id, date: '2099-01-02', minutes: 30, description: 'More' },
        { dialect: store.dialect, fits: (logged) => void seen.push(logged) },
      );
      await expect(
        insertWorkEntry(
          store.db,
          { projectId: project.id, userId: sam.id, date: '2099-01-02', minutes: 1, description: 'Refused' },
          {
            dialect: store.dialect,
            fits: () => {
              throw new Error('full');
            },
          },
        ),
      ).rejects.toThrow('full');
      expect(seen).toEqual([120]);
      await deleteWorkEntry(store.db, { projectId: project.id, entryId: b, userId: erin.id });
      const log = await listWorkLog(store.db, project.id);
      expect(log.entries.map((e) => [e.date, e.minutes, e.by.name]).sort()).toEqual([
        ['2099-01-02', 120, 'Sam'],
        ['2099-01-02', 30, 'Sam'],
        ['2099-01-03', 45, 'Sam'],
      ]);
      expect(log.totalMinutes).toBe(195);
      expect(await workLogTotal(store.db, project.id)).toBe(195);
      await deleteWorkEntry(store.db, { projectId: project.id, entryId: b, userId: sam.id });
      expect(await workLogTotal(store.db, project.id)).toBe(150);
    });
  });
}
