import { hashPassword } from '@stint/auth';
import {
  addMember,
  changeMilestone,
  createDocumentStore,
  createUser,
  findUserByEmail,
  insertApplication,
  insertMilestone,
  insertProject,
  insertWorkEntry,
  type OnEvent,
  type StintDatabase,
  saveProfile,
  setOrganisation,
} from '@stint/db';
import { checkRoomInDay, decideTransition, type Project } from '@stint/domain';
import * as Y from 'yjs';
import type { ProjectCommands } from './commands/project-commands.ts';

export const DEMO_PASSWORD = 'demo-demo-demo';
export const DEMO_ACCOUNTS = {
  employer: { email: 'employer@demo.stint', name: 'Erin Okafor', accountType: 'employer' },
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
 * The demo a new person logs into: an open project with two applications, one in progress with
 * employer, mentor and student, and a finished one, so every role has something to look at.
 * Projects move through the server's own commands (their events, the fee, hand-off versions and
 * notifications, as a person's clicks would make them); with `onEvent` the other events tell
 * people too: each demo account's bell has something in it.
 */
export async function seedDemo(database: StintDatabase, options: { commands: ProjectCommands; onEvent?: OnEvent }): Promise<void> {
  const { commands, onEvent } = options;
  const publish = (project: Project, actorId: string) => commands.transition({ project, role: 'employer', actorId, action: 'publish' });
  const accept = (project: Project, applicationId: string, actorId: string) =>
    commands.accept({ project, to: decideTransition(project.status, 'accept', 'employer'), applicationId, actorId });
  const { db } = database;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [employer, mentor, student, applicant] = await Promise.all(
    [DEMO_ACCOUNTS.employer, DEMO_ACCOUNTS.mentor, DEMO_ACCOUNTS.student, DEMO_ACCOUNTS.applicant].map((a) => createUser(db, { ...a, passwordHash })),
  );
  if (!employer || !mentor || !student || !applicant) throw new Error('Demo accounts were not all created');
  // What the employer reads beside the student's application.
  await saveProfile(
    db,
    student.id,
    {
      about: 'Third-year statistics student. I like turning messy exports into tables people trust, and writing down how I got there.',
      skills: ['python', 'pandas', 'sql', 'data cleaning'],
      links: ['https://github.com/demo-student'],
    },
    Date.now(),
  );

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
  await publish(open, employer.id);
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
  const runningOpen = await publish(running, employer.id);
  await addMember(db, { projectId: running.id, actorId: employer.id, user: mentor, role: 'mentor', onEvent });
  const application = await insertApplication(db, {
    projectId: running.id,
    applicantId: student.id,
    pitch: 'I ran and coded 15 interviews for my HCI capstone; synthesis is my favourite part.',
    onEvent,
  });
  await accept(runningOpen, application.id, employer.id);
  // A deliverable under way, so a newcomer sees what a workspace looks like.
  const { richTextDoc } = await import('@stint/export');
  const documents = createDocumentStore(db, { sqlite: database.sqlite });
  const write = async (docName: string, content: Record<string, unknown>, authorId: string) => {
    const doc = richTextDoc(content);
    await documents.append([{ docName, update: Y.encodeStateAsUpdate(doc), authorId, clients: [doc.clientID] }]);
  };
  await write(`${running.id}/deliverable`, DEMO_DELIVERABLE, student.id);
  // The open project's brief: the offer applicants read on its page before they apply.
  await write(`${open.id}/brief`, DEMO_OPEN_BRIEF, employer.id);

  // Its plan and record: one milestone done and accepted, two ahead; a few hours logged.
  await setOrganisation(db, database.dialect, employer.id, {
    name: 'Northwind Analytics',
    about: 'We build dashboards for mid-size retailers. Students help us with research, data cleaning and writing.',
    website: 'https://northwind.example',
  });
  const at = (projectId: string, actorId: string) => ({ projectId, actorId });
  const coded = await insertMilestone(db, { ...at(running.id, employer.id), title: 'Interviews coded', dueDate: daysFromNow(-2), state: 'open' });
  await changeMilestone(db, {
    ...at(running.id, student.id),
    milestoneId: coded,
    expected: 'open',
    to: 'submitted',
    action: 'milestone_complete',
    set: { submittedNote: 'All twelve transcripts coded in two passes; the codebook is in the deliverable.' },
    message: 'Interviews coded',
  });
  await changeMilestone(db, {
    ...at(running.id, employer.id),
    milestoneId: coded,
    expected: 'submitted',
    to: 'done',
    action: 'milestone_accept',
    set: { review: { accepted: true, note: null } },
    message: 'Interviews coded',
  });
  await insertMilestone(db, { ...at(running.id, employer.id), title: 'Themes with quotes', dueDate: daysFromNow(5), state: 'open' });
  await insertMilestone(db, { ...at(running.id, employer.id), title: 'Findings memo delivered', dueDate: daysFromNow(13), state: 'open' });
  for (const [daysAgo, minutes, description] of [
    [3, 150, 'Coded interviews 1–6'],
    [2, 135, 'Coded interviews 7–12; second pass'],
    [1, 60, 'Grouped codes into themes'],
  ] as const) {
    await insertWorkEntry(
      db,
      { projectId: running.id, userId: student.id, date: daysFromNow(-daysAgo), minutes, description },
      { dialect: database.dialect, fits: (logged) => checkRoomInDay(logged, minutes) },
    );
  }

  // A finished one, so the demo student meets the blind review: the employer's rating waits for theirs.
  const finished = await insertProject(db, employer.id, {
    title: 'Scan competitors’ pricing pages',
    summary: 'List how eight competitors price their analytics plans, in one comparable table, with a paragraph on what stands out.',
    skills: ['research', 'spreadsheets'],
    estimatedHours: 6,
    compensation: { amount: 30000, currency: 'USD' },
    dueDate: daysFromNow(-1),
  });
  const finishedOpen = await publish(finished, employer.id);
  await addMember(db, { projectId: finished.id, actorId: employer.id, user: mentor, role: 'mentor' });
  const earlier = await insertApplication(db, { projectId: finished.id, applicantId: student.id, pitch: 'I compare SaaS pricing for fun.' });
  const started = await accept(finishedOpen, earlier.id, employer.id);
  await write(`${finished.id}/deliverable`, DEMO_PRICING, student.id);
  await write(`${finished.id}/feedback`, DEMO_FEEDBACK, employer.id);
  // Each hand-off records a version of every document, as it would live: the portfolio item hashes them.
  const submitted = await commands.transition({ project: started, role: 'student', actorId: student.id, action: 'submit' });
  await commands.transition({
    project: submitted,
    role: 'employer',
    actorId: employer.id,
    action: 'complete',
    payload: { rating: { skills: { research: 5, spreadsheets: 4 }, wouldWorkAgain: true } },
  });
}

const text = (t: string) => ({ type: 'text', text: t });
const paragraph = (t: string) => ({ type: 'paragraph', content: [text(t)] });
const DEMO_OPEN_BRIEF = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('What we need')] },
    paragraph('Our Q3 sales export (40,000 rows, CSV) is the source for every regional dashboard, and it is messy. Make it clean and show how.'),
    {
      type: 'bulletList',
      content: [
        'One row per customer: merge duplicates, and say which rule decided each merge.',
        'Dates in ISO 8601; amounts as numbers in USD, without symbols.',
        'A notebook (Python or SQL) that runs from the raw export to the cleaned file.',
        'A one-page note: what you found, what you could not fix, what we should change upstream.',
      ].map((t) => ({ type: 'listItem', content: [paragraph(t)] })),
    },
    { type: 'heading', attrs: { level: 2 }, content: [text('How we work')] },
    paragraph('A 30-minute kick-off call, then a check-in each week. Erin answers questions within a working day.'),
  ],
};

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

const DEMO_PRICING = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Competitor pricing, November')] },
    paragraph('Six of eight charge per seat; two charge by data volume. Every one hides its enterprise price behind a sales call.'),
  ],
};
const DEMO_FEEDBACK = {
  type: 'doc',
  content: [paragraph('Clear table and a sharp summary. Next time, say where each number came from (a link per row).')],
};

/** A demo date relative to when the demo is seeded, so the demo never starts overdue. */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
