import { hashPassword } from '@stint/auth';
import {
  acceptApplication,
  addMember,
  createDocumentStore,
  createUser,
  findUserByEmail,
  insertApplication,
  insertProject,
  type OnEvent,
  type StintDatabase,
  transitionProject,
} from '@stint/db';
import { decideTransition } from '@stint/domain';
import * as Y from 'yjs';

export const DEMO_PASSWORD = 'demo-demo-demo';
export const DEMO_ACCOUNTS = {
  employer: { email: 'employer@demo.stint', name: 'Erin Okafor (Northwind Analytics)', accountType: 'employer' },
  mentor: { email: 'mentor@demo.stint', name: 'Maya Lindqvist', accountType: 'mentor' },
  student: { email: 'student@demo.stint', name: 'Sam Rivera', accountType: 'student' },
  applicant: { email: 'priya@demo.stint', name: 'Priya Nair', accountType: 'student' },
} as const;

export async function hasDemoData(database: StintDatabase): Promise<boolean> {
  return (await findUserByEmail(database.db, DEMO_ACCOUNTS.employer.email)) !== undefined;
}

export async function isEmpty(database: StintDatabase): Promise<boolean> {
  const row = await database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * The demo a new person logs into: an open project with two applications, and one in progress
 * with employer, mentor and student, so every role has something to look at. With `onEvent` (the
 * running server's notifications) the demo's events tell people, as the same events would live:
 * each demo account's bell has something in it.
 */
export async function seedDemo(database: StintDatabase, options: { onEvent?: OnEvent } = {}): Promise<void> {
  const { onEvent } = options;
  const { db } = database;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [employer, mentor, student, applicant] = await Promise.all(
    [DEMO_ACCOUNTS.employer, DEMO_ACCOUNTS.mentor, DEMO_ACCOUNTS.student, DEMO_ACCOUNTS.applicant].map((a) => createUser(db, { ...a, passwordHash })),
  );
  if (!employer || !mentor || !student || !applicant) throw new Error('Demo accounts were not all created');

  const open = await insertProject(db, employer.id, {
    title: 'Clean up the Q3 sales dataset',
    summary:
      'Our Q3 export has 40,000 rows with duplicate customers, mixed date formats and stray currency symbols. ' +
      'Deliver a cleaned CSV, a short notebook showing each step, and a one-page note on what you found.',
    skills: ['sql', 'python', 'data cleaning'],
    estimatedHours: 12,
    compensation: { amount: 48000, currency: 'USD' },
    dueDate: daysFromNow(21),
  });
  await transitionProject(db, { projectId: open.id, actorId: employer.id, action: 'publish', from: 'draft', to: 'open', onEvent });
  await insertApplication(db, {
    projectId: open.id,
    applicantId: student.id,
    pitch: 'I cleaned a 60k-row survey export for my stats course with pandas; happy to show the notebook.',
    onEvent,
  });
  await insertApplication(db, {
    projectId: open.id,
    applicantId: applicant.id,
    pitch: 'Data science junior; I write SQL daily at my campus job and love messy data.',
    onEvent,
  });

  const running = await insertProject(db, employer.id, {
    title: 'Synthesise 12 customer interviews',
    summary:
      'Turn twelve interview transcripts into a findings memo: top five themes with quotes, ' +
      'a map of pains by customer segment, and three recommendations for the onboarding flow.',
    skills: ['user research', 'writing'],
    estimatedHours: 20,
    compensation: { amount: 80000, currency: 'USD' },
    dueDate: daysFromNow(14),
  });
  await transitionProject(db, { projectId: running.id, actorId: employer.id, action: 'publish', from: 'draft', to: 'open', onEvent });
  await addMember(db, { projectId: running.id, actorId: employer.id, user: mentor, role: 'mentor', onEvent });
  const application = await insertApplication(db, {
    projectId: running.id,
    applicantId: student.id,
    pitch: 'I ran and coded 15 interviews for my HCI capstone; synthesis is my favourite part.',
    onEvent,
  });
  await acceptApplication(db, {
    projectId: running.id,
    applicationId: application.id,
    actorId: employer.id,
    from: 'open',
    to: decideTransition('open', 'accept', 'employer'),
    onEvent,
  });
  // A deliverable under way, so a newcomer sees what a workspace looks like.
  const { richTextDoc } = await import('@stint/export');
  const draft = richTextDoc(DEMO_DELIVERABLE);
  await createDocumentStore(db, { sqlite: database.sqlite }).append([
    { docName: `${running.id}/deliverable`, update: Y.encodeStateAsUpdate(draft), authorId: student.id, clients: [draft.clientID] },
  ]);
}

const text = (t: string) => ({ type: 'text', text: t });
const paragraph = (t: string) => ({ type: 'paragraph', content: [text(t)] });
const DEMO_DELIVERABLE = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Findings memo (draft)')] },
    paragraph(
      'Twelve interviews with analysts at mid-size retailers, coded in two passes. Five themes came up in at least four interviews each; the first three shape onboarding directly.',
    ),
    { type: 'heading', attrs: { level: 3 }, content: [text('Top themes')] },
    {
      type: 'orderedList',
      content: [
        'Setup takes a week because nobody owns the data connection (9 of 12).',
        'The first dashboard is a blank page; people copy last year’s spreadsheet instead (7 of 12).',
        'Sharing with a manager means exporting to slides (6 of 12).',
      ].map((t) => ({ type: 'listItem', content: [paragraph(t)] })),
    },
    paragraph('Next: quotes for each theme, and the map of pains by segment.'),
  ],
};

/** A demo date relative to when the demo is seeded, so the demo never starts overdue. */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
