import type { Action, CreateProjectBody, Status } from '@stint/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeMilestone,
  createUser,
  decideExtension,
  deleteWorkEntry,
  findPayment,
  insertExtension,
  insertMilestone,
  insertProject,
  insertWorkEntry,
  listEvents,
  listMilestones,
  listWorkLog,
  recordPayment,
  type StintDatabase,
  transitionProject,
  updateWorkEntry,
  workLogTotal,
} from './index.ts';
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
        transitionProject(store.db, { projectId: project.id, actorId: erin.id, action, from, to, now });
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
      const a = await insertWorkEntry(store.db, { projectId: project.id, userId: sam.id, date: '2099-01-02', minutes: 90, description: 'Pulled the data' });
      const b = await insertWorkEntry(store.db, { projectId: project.id, userId: sam.id, date: '2099-01-03', minutes: 45, description: 'Cleaned it' });
      await updateWorkEntry(store.db, { projectId: project.id, entryId: a, userId: sam.id, minutes: 120 });
      await updateWorkEntry(store.db, { projectId: project.id, entryId: b, userId: erin.id, minutes: 600 });
      await deleteWorkEntry(store.db, { projectId: project.id, entryId: b, userId: erin.id });
      const log = await listWorkLog(store.db, project.id);
      expect(log.entries.map((e) => [e.date, e.minutes, e.by.name])).toEqual([
        ['2099-01-03', 45, 'Sam'],
        ['2099-01-02', 120, 'Sam'],
      ]);
      expect(log.totalMinutes).toBe(165);
      expect(await workLogTotal(store.db, project.id)).toBe(165);
      await deleteWorkEntry(store.db, { projectId: project.id, entryId: b, userId: sam.id });
      expect(await workLogTotal(store.db, project.id)).toBe(120);
    });
  });
}
