import { z } from 'zod';
import { ACCOUNT_TYPE_NAMES } from '../accounts.ts';
import { DOC_KINDS, type DocKind } from '../doc-kinds.ts';
import { INVITATION_STATUSES } from '../invitations.ts';
import { ACTIONS } from '../lifecycle.ts';
import { RIGHTS_ORDER, type Right } from '../rights.ts';
import { INVITABLE_ROLES, ROLES } from '../roles.ts';
import { STATUSES } from '../statuses.ts';
import { Email } from './auth.ts';
import { isCleanLine, isCleanText } from './hidden-characters.ts';

export const APPLICATION_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Characters a person can see: not controls, not zero-width or other format characters. */
export function visibleLength(text: string): number {
  return text.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '').length;
}

/** No control characters other than line breaks and tabs. */
const noControls = isCleanText;

/** Names that mean something to JavaScript objects: a skill by such a name can't be a record key. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const Skill = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'A skill can’t be empty.')
  .max(40, 'A skill has at most 40 characters.')
  .refine((s) => visibleLength(s) > 0 && noControls(s), 'A skill needs visible characters.')
  .refine((s) => !RESERVED_KEYS.has(s), 'That word can’t be a skill name.');

export const Skills = z
  .array(Skill)
  .min(1, 'Name at least one skill.')
  .max(12, 'Name at most 12 skills.')
  .refine((s) => new Set(s).size === s.length, 'Each skill may be listed once.');

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const Compensation = z.strictObject({
  amount: z
    .number()
    .int('The amount is in minor units (cents): a whole number.')
    .min(1, 'Micro-internships are paid: the amount must be more than 0.')
    .max(100_000_000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'The currency is a three-letter ISO 4217 code such as USD.')
    .refine((c) => CURRENCIES.has(c), 'That is not a currency code ISO 4217 knows (USD, EUR, CAD…).'),
});

export const IsoDate = z.iso.date('A date is written YYYY-MM-DD.');

/** Today in UTC as YYYY-MM-DD (a due date may be today, not before). */
const today = () => new Date().toISOString().slice(0, 10);

export const CreateProjectBody = z.strictObject({
  title: z
    .string()
    .trim()
    .max(120)
    .refine((t) => visibleLength(t) >= 3, 'A title needs at least 3 visible characters.')
    .refine(isCleanLine, 'A title is one line without control characters or direction overrides.'),
  summary: z
    .string()
    .trim()
    .max(5000)
    .refine((t) => visibleLength(t) >= 1, 'Describe the project in a sentence or more.')
    .refine(noControls, 'The summary has control characters in it.'),
  skills: Skills,
  estimatedHours: z.number().int('Estimated hours is a whole number.').min(1).max(1000),
  compensation: Compensation,
  dueDate: IsoDate.refine((d) => d >= today(), 'The due date can’t be in the past.')
    .nullable()
    .optional(),
});
export type CreateProjectBody = z.infer<typeof CreateProjectBody>;

export const StatusEnum = z.enum(STATUSES);
export const RoleEnum = z.enum(ROLES);

export const Project = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  skills: z.array(z.string()),
  estimatedHours: z.number(),
  compensation: z.object({ amount: z.number(), currency: z.string() }),
  dueDate: z.string().nullable(),
  status: StatusEnum,
  /** `organisation`: the employer's organisation name, when they gave one. */
  employer: z.object({ id: z.string(), name: z.string(), organisation: z.string().nullable() }),
  createdAt: z.string(),
});
export type Project = z.infer<typeof Project>;

export const Member = z.object({ userId: z.string(), name: z.string(), role: RoleEnum });
export type Member = z.infer<typeof Member>;

export const ProjectResponse = z.object({ project: Project });
/** What this person may do on the project now (the domain's `projectAbilities`); the web renders from it. */
export const ProjectAbilities = z.object({
  /** Apply with a pitch (signed in, not a member, never applied, the project open). */
  apply: z.boolean(),
  /** A visitor could apply once signed in (the project is open to applications). */
  signInToApply: z.boolean(),
  /** Withdraw one's own pending application. */
  withdraw: z.boolean(),
  /** Lifecycle moves this person can make from here (publish, submit, request_changes, complete, cancel, step_away…). */
  moves: z.array(z.enum(ACTIONS)),
  /** See the project's applications; decideApplications: accept or decline them now. */
  seeApplications: z.boolean(),
  decideApplications: z.boolean(),
  /** Invite mentors and viewers. */
  invite: z.boolean(),
  /** Open the workspace (its documents, comments, history). */
  workspace: z.boolean(),
  /** Read the brief on the project's page (`brief` in the answer): a non-member while the project is on the board. */
  readOffer: z.boolean(),
  /** This person's right on each document now (none, read, comment, write). */
  documents: z.object({
    brief: z.enum(RIGHTS_ORDER),
    deliverable: z.enum(RIGHTS_ORDER),
    checkins: z.enum(RIGHTS_ORDER),
    feedback: z.enum(RIGHTS_ORDER),
    comments: z.enum(RIGHTS_ORDER),
  }) satisfies z.ZodType<Record<DocKind, Right>>,
  /** Download the workspace export; exportDeliverable: the deliverable on its own (DOCX). */
  export: z.boolean(),
  exportDeliverable: z.boolean(),
  /** See the outcome (rating, reviews, portfolio item) of a finished project. */
  seeOutcome: z.boolean(),
  /** See the fee's record (the two parties to it, once someone was accepted). */
  seePayment: z.boolean(),
  /** See the work log; logWork: add to it. */
  seeWorkLog: z.boolean(),
  logWork: z.boolean(),
  /** Add milestones (as the plan, or as proposals once the work began). */
  planMilestones: z.boolean(),
  /** See the project's timeline of events. */
  seeActivity: z.boolean(),
  /** Set when check-ins are due. */
  scheduleCheckins: z.boolean(),
});
export type ProjectAbilities = z.infer<typeof ProjectAbilities>;

export const ProjectDetailResponse = z.object({
  project: Project,
  members: z.array(Member),
  myRole: RoleEnum.nullable(),
  /** The caller's own application, when they applied (its id, to withdraw it). */
  myApplication: z.object({ id: z.string(), status: z.enum(APPLICATION_STATUSES) }).nullable(),
  abilities: ProjectAbilities,
  /** The brief as rendered now, when `abilities.readOffer` (else null): text and sanitized HTML. */
  brief: z.object({ text: z.string(), html: z.string() }).nullable(),
});
export const ProjectListResponse = z.object({
  projects: z.array(Project),
  /** The caller's own application to each listed project that has one (signed in), by project id. */
  applied: z.record(z.string(), z.enum(APPLICATION_STATUSES)),
});

const intParam = (min: number, max: number) => z.string().regex(/^\d+$/, 'Expected a whole number.').transform(Number).pipe(z.number().int().min(min).max(max));

export const ListProjectsQuery = z.strictObject({
  status: StatusEnum.optional(),
  /** One employer's projects (their profile page lists the open ones). */
  employer: z.string().min(1).max(64).optional(),
  skill: Skill.optional(),
  q: z.string().trim().max(200).optional(),
  minPay: intParam(0, 100_000_000).optional(),
  /** Only projects paid in this currency (ISO 4217); with `minPay`, the amount is in it. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'The currency is a three-letter ISO 4217 code such as USD.')
    .optional(),
  maxHours: intParam(1, 1000).optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: intParam(1, 100).optional(),
  offset: intParam(0, 1_000_000).optional(),
});
export type ListProjectsQuery = z.infer<typeof ListProjectsQuery>;

export const InviteMemberBody = z.strictObject({ email: Email, role: z.enum(INVITABLE_ROLES) });
export type InviteMemberBody = z.infer<typeof InviteMemberBody>;
export const MemberResponse = z.object({ member: Member });
/** An emailed invitation, as the employer sees it. */
export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(INVITABLE_ROLES),
  /** The name of who sent it. */
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(INVITATION_STATUSES),
});
export type Invitation = z.infer<typeof Invitation>;
/** Someone with an account is added at once (`member`); an address without one is sent an invitation (`invitation`). */
export const InviteResponse = z.union([MemberResponse, z.object({ invitation: Invitation })]);
export const InvitationListResponse = z.object({ invitations: z.array(Invitation) });
/** What an invitation's link shows before anyone signs up or in: the project, the role, who asks. */
export const InvitationPreviewResponse = z.object({
  invitation: z.object({
    project: z.object({ id: z.string(), title: z.string() }),
    email: z.string(),
    role: z.enum(INVITABLE_ROLES),
    invitedBy: z.string(),
    expiresAt: z.string(),
    status: z.enum(INVITATION_STATUSES),
    /** The account type sign-up from the link offers first. */
    accountType: z.enum(ACCOUNT_TYPE_NAMES),
  }),
});
export const AcceptInvitationResponse = z.object({ projectId: z.string(), member: Member });

export const ApplyBody = z.strictObject({
  pitch: z
    .string()
    .trim()
    .min(1, 'Write a short pitch.')
    .max(2000, 'A pitch has at most 2,000 characters.')
    .refine(isCleanText, 'A pitch can’t hold control characters or direction overrides.'),
});
export type ApplyBody = z.infer<typeof ApplyBody>;

/** What a person says about themselves to employers (`PUT /api/me/profile`). */
export const Profile = z.object({ about: z.string(), skills: z.array(z.string()), links: z.array(z.string()) });
export type Profile = z.infer<typeof Profile>;
/** An applicant as the employer reads them: their profile and, if they chose a handle, their public portfolio's address. */
export const ApplicantProfile = Profile.extend({ portfolioUrl: z.string().nullable() });

export const Application = z.object({
  id: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  pitch: z.string(),
  /** `profile`: in the employer's list. */
  applicant: z.object({ id: z.string(), name: z.string(), profile: ApplicantProfile.optional() }),
  createdAt: z.string(),
  /** The employer's message when declining. */
  message: z.string().optional(),
  /** What the reader may do with it now (the domain's applicationAbilities). */
  abilities: z.object({ accept: z.boolean(), decline: z.boolean() }),
});
export const ApplicationResponse = z.object({ application: Application });
export const DeclineBody = z.strictObject({
  message: z
    .string()
    .trim()
    .max(2000, 'A message has at most 2,000 characters.')
    .refine(isCleanText, 'A message can’t hold control characters or direction overrides.')
    .optional(),
});
export const MyApplication = z.object({
  id: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  createdAt: z.string(),
  message: z.string().optional(),
  project: z.object({ id: z.string(), title: z.string(), status: z.enum(STATUSES) }),
  /** What the applicant may do with it now (the domain's applicationAbilities). */
  abilities: z.object({ withdraw: z.boolean() }),
});
export const MyApplicationsResponse = z.object({ applications: z.array(MyApplication) });
export type Application = z.infer<typeof Application>;
export const ApplicationCreatedResponse = z.object({
  application: z.object({ id: z.string(), status: z.enum(APPLICATION_STATUSES) }),
});
export const ApplicationListResponse = z.object({ applications: z.array(Application) });

export const RequestChangesBody = z.strictObject({
  message: z.string().trim().min(1, 'Say what should change.').max(5000).refine(isCleanText, 'A message can’t hold control characters or direction overrides.'),
});
export type RequestChangesBody = z.infer<typeof RequestChangesBody>;
/** Why the student steps away: the employer and mentors read it. */
export const StepAwayBody = z.strictObject({
  reason: z.string().trim().min(3, 'Say why you step away.').max(2000).refine(isCleanText, 'A reason can’t hold control characters or direction overrides.'),
});

export const Rating = z.strictObject({
  skills: z.record(Skill, z.number().int('A rating is a whole number from 1 to 5.').min(1).max(5)),
  wouldWorkAgain: z.boolean(),
});
export type Rating = z.infer<typeof Rating>;
export const CompleteBody = z.strictObject({ rating: Rating });
export type CompleteBody = z.infer<typeof CompleteBody>;

export const EmptyBody = z.strictObject({});

export const IdParam = z.object({ id: z.string().min(1).max(64) });
export const ApplicationParams = z.object({ id: z.string().min(1).max(64), appId: z.string().min(1).max(64) });

export const DocKindEnum = z.enum(DOC_KINDS);
export const DocParams = z.object({ id: z.string().min(1).max(64), kind: DocKindEnum });
export const DocumentRenderingResponse = z.object({
  kind: DocKindEnum,
  text: z.string(),
  html: z.string(),
  updatedAt: z.string().nullable(),
  /** Check-ins only: who wrote under each Yjs client id (from the server's log, not the document). */
  authors: z.record(z.string(), z.object({ id: z.string(), name: z.string() })).optional(),
});

export const CheckinDatesBody = z.strictObject({
  dates: z.array(IsoDate).max(60, 'At most 60 check-in dates.'),
});
export const CheckinDatesResponse = z.object({ dates: z.array(z.string()) });
