import { z } from 'zod';
import { EXTENSION_STATES, MILESTONE_STANDINGS, MILESTONE_STATES } from '../milestones.ts';
import { PAYMENT_STANDINGS, PAYMENT_STATES } from '../payments.ts';
import { WORK_LOG_MAX_MINUTES } from '../work-log.ts';
import { IsoDate } from './projects.ts';
import { line, text } from './words.ts';

export const MilestoneParams = z.object({ id: z.string().min(1).max(64), milestoneId: z.string().min(1).max(64) });
export const ExtensionParams = MilestoneParams.extend({ extensionId: z.string().min(1).max(64) });
export const WorkEntryParams = z.object({ id: z.string().min(1).max(64), entryId: z.string().min(1).max(64) });

export const AddMilestoneBody = z.strictObject({ title: line('A milestone title', 120), dueDate: IsoDate });
export const EditMilestoneBody = z
  .strictObject({ title: line('A milestone title', 120).optional(), dueDate: IsoDate.optional() })
  .refine((b) => b.title !== undefined || b.dueDate !== undefined, 'Change the title, the due date or both.');
/** Marking a milestone done is a check-in: what was done, for the employer to look at. */
export const CompleteMilestoneBody = z.strictObject({ note: text('The check-in', 2000) });
export const ReopenMilestoneBody = z.strictObject({ note: text('What is missing', 2000) });
export const RequestExtensionBody = z.strictObject({ dueDate: IsoDate, reason: text('The reason', 1000) });
export const DecideExtensionBody = z.strictObject({ grant: z.boolean(), note: text('The answer', 1000).optional() });

const Person = z.object({ id: z.string(), name: z.string() });

export const ExtensionView = z.object({
  id: z.string(),
  fromDate: z.string(),
  requestedDate: z.string(),
  reason: z.string(),
  state: z.enum(EXTENSION_STATES),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

export const MilestoneView = z.object({
  id: z.string(),
  title: z.string(),
  dueDate: z.string(),
  state: z.enum(MILESTONE_STATES),
  standing: z.enum(MILESTONE_STANDINGS),
  position: z.number(),
  /** The student's check-in when they marked it done, and when. */
  submission: z.object({ note: z.string(), at: z.string() }).nullable(),
  /** The employer's answer: accepted, or reopened with what is missing. */
  review: z.object({ accepted: z.boolean(), note: z.string().nullable(), at: z.string(), by: Person }).nullable(),
  extensions: z.array(ExtensionView),
  /** What the reader may do with it now (the domain's milestoneAbilities). */
  abilities: z.object({
    edit: z.boolean(),
    remove: z.boolean(),
    agree: z.boolean(),
    complete: z.boolean(),
    accept: z.boolean(),
    reopen: z.boolean(),
    request_extension: z.boolean(),
    decide_extension: z.boolean(),
  }),
});

export const MilestonesResponse = z.object({
  milestones: z.array(MilestoneView),
  today: z.string(),
  extensionNoticeDays: z.number(),
  /** The state a milestone the reader adds now starts in (`proposed` once the work began); null: they may not add one. */
  addedAs: z.enum(MILESTONE_STATES).nullable(),
});
export const MilestoneResponse = z.object({ milestone: MilestoneView });

export const LogWorkBody = z.strictObject({
  date: IsoDate,
  minutes: z.number().int('Minutes are a whole number.').min(1, 'Log at least one minute.').max(WORK_LOG_MAX_MINUTES, 'One entry is one day at most.'),
  description: text('What was done', 500),
});
export const EditWorkBody = z
  .strictObject({ date: IsoDate.optional(), minutes: LogWorkBody.shape.minutes.optional(), description: LogWorkBody.shape.description.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Change at least one thing.');

export const WorkEntryView = z.object({
  id: z.string(),
  date: z.string(),
  minutes: z.number(),
  description: z.string(),
  loggedAt: z.string(),
  /** Until when the student may still change it; null once frozen. */
  editableUntil: z.string().nullable(),
  by: Person,
});
export const WorkLogResponse = z.object({ entries: z.array(WorkEntryView), totalMinutes: z.number(), estimatedMinutes: z.number() });
export const WorkEntryResponse = z.object({ entry: WorkEntryView });

export const PaymentView = z.object({
  amount: z.number(),
  currency: z.string(),
  state: z.enum(PAYMENT_STATES),
  standing: z.enum(PAYMENT_STANDINGS),
  agreedAt: z.string(),
  /** When the fee fell due (the project was completed), and from when it counts as overdue. */
  dueAt: z.string().nullable(),
  overdueFrom: z.string().nullable(),
  paid: z.object({ at: z.string(), by: Person, role: z.enum(['employer', 'student']), reference: z.string().nullable() }).nullable(),
  /** What the caller may record now: paid (the employer, once due), received (the student, once due). */
  abilities: z.object({ recordPaid: z.boolean(), recordReceived: z.boolean() }),
});
export const PaymentResponse = z.object({ payment: PaymentView.nullable() });
export const MarkPaidBody = z.strictObject({ reference: line('The payment reference', 200) });
