import type { CreateProjectBody } from '@stint/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptApplication,
  addMember,
  alongside,
  createDocumentStore,
  createLoginFailureLog,
  createUser,
  deleteSession,
  deleteSessionsVerifiedBefore,
  findProject,
  findRole,
  findSessionWithUser,
  findUserByEmail,
  insertApplication,
  insertProject,
  insertSession,
  listApplications,
  listEvents,
  listMembers,
  listProjects,
  recordMove,
  type StintDatabase,
  touchSession,
} from './index.ts';
import { type OpenedTestDatabase, testDatabaseTargets } from './testing/index.ts';

const targets = await testDatabaseTargets();

const brief = (over: Partial<CreateProjectBody> = {}): CreateProjectBody => ({
  title: 'Clean up the sales CSV',
  summary: 'Deduplicate and normalise 40k rows of sales data.',
  skills: ['sql', 'python'],
  estimatedHours: 12,
  compensation: { amount: 60000, currency: 'USD' },
  dueDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
  ...over,
});

let seq = 0;
const person = (db: StintDatabase, name: string) => createUser(db.db, { email: `${name.toLowerCase()}${++seq}@example.test`, name, passwordHash: 'x' });

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`storage contract on ${target.dialect}`, () => {
    let opened: OpenedTestDatabase;
    let store: StintDatabase;
    beforeAll(async () => {
      opened = await target.open();
      store = opened.database;
    });
    afterAll(() => opened?.drop());

    it('migrating again is a no-op', async () => {
      await store.migrate();
      await store.migrate();
    });

    it('refuses a second account with the same email as email_taken', async () => {
      const ada = await person(store, 'Ada');
      await expect(createUser(store.db, { email: ada.email, name: 'Other', passwordHash: 'y' })).rejects.toMatchObject({
        kind: 'conflict',
        code: 'email_taken',
      });
      expect(await findUserByEmail(store.db, ada.email)).toMatchObject({ id: ada.id, name: 'Ada', passwordHash: 'x' });
    });

    it('stores a session hash byte for byte and finds it with its user', async () => {
      const ada = await person(store, 'Ada');
      const secretHash = new Uint8Array(32).map((_, i) => (i * 37) % 256);
      await insertSession(store.db, { id: 'sess-a', userId: ada.id, secretHash, createdAt: 1_000, lastVerifiedAt: 1_000 });
      const found = await findSessionWithUser(store.db, 'sess-a');
      expect(found?.user).toEqual(ada);
      expect(Array.from(found!.session.secretHash)).toEqual(Array.from(secretHash));
      expect(found?.session.lastVerifiedAt).toBe(1_000);
      await touchSession(store.db, 'sess-a', 5_000_000_000_000);
      expect((await findSessionWithUser(store.db, 'sess-a'))?.session.lastVerifiedAt).toBe(5_000_000_000_000);
      await insertSession(store.db, { id: 'sess-old', userId: ada.id, secretHash, createdAt: 1, lastVerifiedAt: 1 });
      expect(await deleteSessionsVerifiedBefore(store.db, 2)).toBe(1);
      await deleteSession(store.db, 'sess-a');
      expect(await findSessionWithUser(store.db, 'sess-a')).toBeUndefined();
    });

    it('creates a project as a draft with its skills in order, its employer as member, and a create event', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      expect(project).toMatchObject({
        status: 'draft',
        skills: ['sql', 'python'],
        estimatedHours: 12,
        compensation: { amount: 60000, currency: 'USD' },
        dueDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
        employer: { id: emp.id, name: 'Emp' },
      });
      expect(await findRole(store.db, project.id, emp.id)).toBe('employer');
      expect((await listEvents(store.db, project.id)).map((e) => e.action)).toEqual(['create']);
    });

    it('shows drafts only to their employer, open projects to all, the rest to members', async () => {
      const emp = await person(store, 'Emp');
      const other = await person(store, 'Other');
      const draft = await insertProject(store.db, emp.id, brief({ title: 'Draft one' }));
      const open = await insertProject(store.db, emp.id, brief({ title: 'Open one' }));
      await recordMove(store.db, { follow: null, projectId: open.id, actorId: emp.id, action: 'publish', from: 'draft', to: 'open' });
      const ids = async (userId: string) => (await listProjects(store.db, userId, { limit: 100 })).map((p) => p.id);
      expect(await ids(emp.id)).toEqual(expect.arrayContaining([draft.id, open.id]));
      expect(await ids(other.id)).toContain(open.id);
      expect(await ids(other.id)).not.toContain(draft.id);
      expect(await ids(other.id)).not.toContain(draft.id);
      expect((await listProjects(store.db, other.id, { mine: true })).map((p) => p.id)).not.toContain(open.id);
    });

    it('filters the list by status, skill, text (with literal % and _), pay and hours', async () => {
      const emp = await person(store, 'Filter');
      const a = await insertProject(
        store.db,
        emp.id,
        brief({ title: 'Logo 100% vector', skills: ['design'], estimatedHours: 5, compensation: { amount: 1000, currency: 'EUR' } }),
      );
      const b = await insertProject(
        store.db,
        emp.id,
        brief({
          title: 'Landing page',
          summary: 'A vector_free page',
          skills: ['html', 'design'],
          estimatedHours: 40,
          compensation: { amount: 90000, currency: 'EUR' },
        }),
      );
      const mine = (q: Parameters<typeof listProjects>[2]) => listProjects(store.db, emp.id, { mine: true, ...q }).then((ps) => ps.map((p) => p.id).sort());
      expect(await mine({ skill: 'design' })).toEqual([a.id, b.id].sort());
      expect(await mine({ skill: 'html' })).toEqual([b.id]);
      expect(await mine({ q: '100%' })).toEqual([a.id]);
      expect(await mine({ q: 'VECTOR' })).toEqual([a.id, b.id].sort());
      expect(await mine({ q: 'vector_' })).toEqual([b.id]);
      expect(await mine({ q: '_' })).toEqual([b.id]);
      expect(await mine({ minPay: 50000 })).toEqual([b.id]);
      expect(await mine({ maxHours: 10 })).toEqual([a.id]);
      expect(await mine({ status: 'open' })).toEqual([]);
      expect(await mine({ limit: 1 })).toHaveLength(1);
      expect(await mine({ limit: 1, offset: 1 })).toHaveLength(1);
    });

    it('a transition from a state the project has left writes nothing and says state_changed', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      await expect(
        recordMove(store.db, { follow: null, projectId: project.id, actorId: emp.id, action: 'submit', from: 'in_progress', to: 'in_review' }),
      ).rejects.toMatchObject({ code: 'state_changed' });
      expect((await findProject(store.db, project.id))?.status).toBe('draft');
      expect(await listEvents(store.db, project.id)).toHaveLength(1);
    });

    it('two racing transitions from the same state: exactly one wins', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const move = () => recordMove(store.db, { follow: null, projectId: project.id, actorId: emp.id, action: 'publish', from: 'draft', to: 'open' });
      const results = await Promise.allSettled([move(), move(), move()]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await listEvents(store.db, project.id)).filter((e) => e.action === 'publish')).toHaveLength(1);
    });

    it('accepting one application starts the project, makes a student and declines the rest, atomically', async () => {
      const emp = await person(store, 'Emp');
      const s1 = await person(store, 'Sam');
      const s2 = await person(store, 'Kim');
      const project = await insertProject(store.db, emp.id, brief());
      await recordMove(store.db, { follow: null, projectId: project.id, actorId: emp.id, action: 'publish', from: 'draft', to: 'open' });
      const app1 = await insertApplication(store.db, { projectId: project.id, applicantId: s1.id, pitch: 'I know SQL' });
      await insertApplication(store.db, { projectId: project.id, applicantId: s2.id, pitch: 'Me too' });
      await expect(insertApplication(store.db, { projectId: project.id, applicantId: s1.id, pitch: 'again' })).rejects.toMatchObject({
        code: 'already_applied',
      });

      const otherProject = await insertProject(store.db, emp.id, brief());
      await expect(
        acceptApplication(store.db, { follow: null, projectId: otherProject.id, applicationId: app1.id, actorId: emp.id, from: 'open', to: 'in_progress' }),
      ).rejects.toMatchObject({
        code: 'application_not_found',
      });

      const started = await acceptApplication(store.db, {
        follow: null,
        projectId: project.id,
        applicationId: app1.id,
        actorId: emp.id,
        from: 'open',
        to: 'in_progress',
      });
      expect(started.status).toBe('in_progress');
      const apps = await listApplications(store.db, project.id);
      expect(apps.map((a) => [a.applicant.name, a.status]).sort()).toEqual([
        ['Kim', 'declined'],
        ['Sam', 'accepted'],
      ]);
      expect((await listMembers(store.db, project.id)).map((m) => m.role).sort()).toEqual(['employer', 'student']);
      const events = await listEvents(store.db, project.id);
      expect(events.at(-1)).toMatchObject({ action: 'accept', from: 'open', to: 'in_progress', payload: { studentId: s1.id } });

      // A second accept finds the application decided and leaves everything as it was.
      await expect(
        acceptApplication(store.db, { follow: null, projectId: project.id, applicationId: app1.id, actorId: emp.id, from: 'open', to: 'in_progress' }),
      ).rejects.toMatchObject({
        code: 'application_not_pending',
      });
      expect(await listEvents(store.db, project.id)).toHaveLength(events.length);
    });

    it('adding a member twice is already_member and logs one invite', async () => {
      const emp = await person(store, 'Emp');
      const mentor = await person(store, 'Mia');
      const project = await insertProject(store.db, emp.id, brief());
      await addMember(store.db, { projectId: project.id, actorId: emp.id, user: mentor, role: 'mentor' });
      await expect(addMember(store.db, { projectId: project.id, actorId: emp.id, user: mentor, role: 'viewer' })).rejects.toMatchObject({
        code: 'already_member',
      });
      expect(await findRole(store.db, project.id, mentor.id)).toBe('mentor');
      expect((await listEvents(store.db, project.id)).filter((e) => e.action === 'invite')).toHaveLength(1);
    });

    it('keeps a rating payload in the event log exactly as given', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const payload = { rating: { skills: { sql: 5, python: 3 }, wouldWorkAgain: true } };
      await recordMove(store.db, { follow: null, projectId: project.id, actorId: emp.id, action: 'cancel', from: 'draft', to: 'cancelled', payload });
      expect((await listEvents(store.db, project.id)).at(-1)?.payload).toEqual(payload);
    });

    it('login failures: newest first within the window, old ones forgotten on record, a key cleared on reset', async () => {
      const log = createLoginFailureLog(store.db, store.dialect);
      const [a, b, c] = ['email:a', 'ip:1', 'ip:2'].map((k) => `${k}-${Math.random()}`) as [string, string, string];
      await log.record([a, b], 1000, 0);
      await log.record([a], 2000, 0);
      await log.record([a], 3000, 0);
      expect(await log.recent(a, 0, 2)).toEqual([3000, 2000]);
      expect(await log.recent(a, 2000, 10)).toEqual([3000]);
      expect(await log.recent(b, 0, 10)).toEqual([1000]);
      await log.record([c], 5000, 1500);
      expect(await log.recent(b, 0, 10)).toEqual([]);
      expect(await log.recent(a, 0, 10)).toEqual([3000, 2000]);
      await log.clear(a);
      expect(await log.recent(a, 0, 10)).toEqual([]);
      expect(await log.recent(c, 0, 10)).toEqual([5000]);
    });

    it('reservations: counted and recorded in one step, 20 at once against a limit of 3 take 3; a released one frees its place', async () => {
      const log = createLoginFailureLog(store.db, store.dialect);
      const [pair, ip] = ['pair', 'ip'].map((k) => `${k}-${Math.random()}`) as [string, string];
      const answers = await Promise.all(Array.from({ length: 20 }, () => log.reserve([pair, ip], 1000, 0, 3, 0)));
      const tickets = answers.flatMap((a) => ('ticket' in a ? [a.ticket] : []));
      expect(tickets).toHaveLength(3);
      expect(answers.filter((a) => 'fullSince' in a)).toEqual(Array(17).fill({ fullSince: 1000 }));
      expect(await log.recent(ip, 0, 10)).toEqual([1000, 1000, 1000]);
      await log.release(tickets[0]!);
      expect(await log.recent(pair, 0, 10)).toHaveLength(2);
      expect(await log.reserve([pair], 2000, 0, 3, 0)).toHaveProperty('ticket');
    });

    it('document log: append returns rising ids, load returns them in order, compaction folds a prefix into a snapshot', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const docs = createDocumentStore(store.db, { sqlite: store.sqlite });
      const name = `${project.id}/deliverable`;
      const other = `${project.id}/brief`;
      const u = (n: number) => new Uint8Array([n, n + 1, 255]);
      const ids = await docs.append([
        { docName: name, update: u(1), authorId: emp.id },
        { docName: other, update: u(9), authorId: null },
        { docName: name, update: u(2), authorId: emp.id },
      ]);
      expect(ids).toHaveLength(3);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      let loaded = await docs.load(name);
      expect(loaded.updates.map((x) => Array.from(x))).toEqual([
        [1, 2, 255],
        [2, 3, 255],
      ]);
      expect(loaded).toMatchObject({ ids: [ids[0], ids[2]], logBytes: 6 });
      const folded: Array<Uint8Array | null> = [];
      await docs.compact(name, (snapshot) => (folded.push(snapshot), u(50)), [ids[0]!, ids[2]!]);
      const later = await docs.append([{ docName: name, update: u(3), authorId: emp.id }]);
      loaded = await docs.load(name);
      expect(loaded.updates.map((x) => Array.from(x))).toEqual([
        [50, 51, 255],
        [3, 4, 255],
      ]);
      expect(loaded).toMatchObject({ ids: later, logBytes: 3 });
      // The next compaction is handed the stored snapshot to fold in.
      await docs.compact(name, (snapshot) => (folded.push(snapshot), u(60)), later);
      expect(folded.map((x) => (x ? Array.from(x) : null))).toEqual([null, [50, 51, 255]]);
      expect((await docs.load(other)).updates).toHaveLength(1);
      expect(await docs.updatedAt(name)).toBeGreaterThan(0);
      expect(await docs.load(`${project.id}/feedback`)).toEqual({ updates: [], ids: [], logBytes: 0, fences: [], owners: new Map() });
      // Who first wrote under a client id loads with the document: the only one who may write under it again.
      const owned = `${project.id}/checkins`;
      await docs.append([{ docName: owned, update: u(7), authorId: emp.id, clients: [41] }]);
      const mentor = await person(store, 'Mentor');
      await docs.append([{ docName: owned, update: u(8), authorId: mentor.id, clients: [41, 42] }]);
      expect((await docs.load(owned)).owners).toEqual(
        new Map([
          [41, emp.id],
          [42, mentor.id],
        ]),
      );
    });

    it('fences: a refused client is remembered per person with its lowest clock, and loaded with the document', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const docs = createDocumentStore(store.db, { sqlite: store.sqlite });
      const name = `${project.id}/deliverable`;
      await docs.fence(name, { client: 7, fromClock: 12, userId: emp.id });
      await docs.fence(name, { client: 7, fromClock: 40, userId: emp.id });
      expect((await docs.load(name)).fences).toEqual([{ client: 7, fromClock: 12, userId: emp.id }]);
      expect((await docs.load(`${project.id}/brief`)).fences).toEqual([]);
    });

    it("a document append never joins another query's open transaction: its rows outlive that transaction's rollback", async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const docs = createDocumentStore(store.db, { sqlite: store.sqlite });
      const name = `${project.id}/deliverable`;
      let appended: number[] | Promise<number[]> = [];
      const rolledBack = store.db.transaction().execute(async (trx) => {
        await trx.selectFrom('projects').select('id').execute();
        // Meanwhile the document server commits an update (and relays it once this returns)...
        appended = docs.append([{ docName: name, update: new Uint8Array([7]), authorId: emp.id }]);
        await new Promise((r) => setTimeout(r, 20));
        // ...and this transaction then fails.
        throw new Error('rolled back');
      });
      await expect(rolledBack).rejects.toThrow('rolled back');
      expect(await appended).toHaveLength(1);
      expect((await docs.load(name)).updates.map((u) => Array.from(u))).toEqual([[7]]);

      // The same for a compaction.
      const ids = (await docs.load(name)).ids;
      let compacted: Promise<void> = Promise.resolve();
      const alsoRolledBack = store.db.transaction().execute(async (trx) => {
        await trx.selectFrom('projects').select('id').execute();
        compacted = docs.compact(name, () => new Uint8Array([8]), ids);
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('rolled back');
      });
      await expect(alsoRolledBack).rejects.toThrow('rolled back');
      await compacted;
      expect((await docs.load(name)).updates.map((u) => Array.from(u))).toEqual([[8]]);
    });

    it('writes alongside an update are stored in its transaction: both or neither', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const docs = createDocumentStore(store.db, { sqlite: store.sqlite });
      const name = `${project.id}/comments`;
      const note = (id: string) => (trx: typeof store.db) =>
        trx
          .insertInto('notifications')
          .values({
            id,
            user_id: emp.id,
            project_id: project.id,
            kind: 'comment',
            actor_id: null,
            text: 'x',
            message: null,
            link: '/',
            delivery: 'inbox',
            digested_at: null,
            created_at: 1,
            read_at: null,
          })
          .execute()
          .then(() => undefined);
      let committed = 0;
      const ids = await docs.append([
        { docName: name, update: new Uint8Array([1]), authorId: emp.id, alongside: alongside(note('n-1'), () => committed++) },
        { docName: name, update: new Uint8Array([2]), authorId: emp.id },
      ]);
      expect(ids).toHaveLength(2);
      const failing = alongside(async (trx) => {
        await note('n-2')(trx);
        throw new Error('refused');
      });
      await expect(Promise.resolve(docs.append([{ docName: name, update: new Uint8Array([3]), authorId: emp.id, alongside: failing }]))).rejects.toThrow(
        'refused',
      );
      expect((await docs.load(name)).updates.map((u) => Array.from(u))).toEqual([[1], [2]]);
      expect((await store.db.selectFrom('notifications').select('id').where('project_id', '=', project.id).execute()).map((r) => r.id)).toEqual(['n-1']);
      // The store writes; telling whoever waits is the document server's part, after the commit.
      expect(committed).toBe(0);
    });

    it('compaction deletes exactly the rows it folded: a row written meanwhile (by another process) stays, with a lower id too', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const docs = createDocumentStore(store.db, { sqlite: store.sqlite });
      const name = `${project.id}/brief`;
      const seen = await docs.append([{ docName: name, update: new Uint8Array([1]), authorId: null }]);
      const unseen = await docs.append([{ docName: name, update: new Uint8Array([2]), authorId: null }]);
      const seenToo = await docs.append([{ docName: name, update: new Uint8Array([3]), authorId: null }]);
      await docs.compact(name, () => new Uint8Array([9]), [...seen, ...seenToo]);
      const loaded = await docs.load(name);
      expect(loaded.updates.map((x) => Array.from(x))).toEqual([[9], [2]]);
      expect(loaded.ids).toEqual(unseen);
    });

    it('has document update and snapshot tables that keep bytes and authors', async () => {
      const emp = await person(store, 'Emp');
      const project = await insertProject(store.db, emp.id, brief());
      const data = new Uint8Array([0, 1, 2, 255, 128]);
      await store.db.insertInto('doc_updates').values({ project_id: project.id, kind: 'brief', data, author_id: emp.id, created_at: 1 }).execute();
      const row = await store.db.selectFrom('doc_updates').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow();
      expect(Array.from(row.data)).toEqual([0, 1, 2, 255, 128]);
      expect(row.author_id).toBe(emp.id);
      await store.db
        .insertInto('doc_snapshots')
        .values({ project_id: project.id, kind: 'brief', state: data, last_update_id: Number(row.id), updated_at: 2 })
        .execute();
    });
  });
}
