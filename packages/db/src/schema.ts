import type { AccountType, ApplicationStatus, DocKind, ExtensionState, MilestoneState, PaymentState, Role, Status } from '@stint/domain';
import type { Generated } from 'kysely';

/** Times are milliseconds since the epoch in a 64-bit integer column on both dialects. */
type Millis = number;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  account_type: AccountType;
  /** The wallet DID credentials name the student by; null unless they gave one. */
  did: string | null;
  /** Where the public portfolio is (`/u/<handle>`); null until chosen. */
  handle: string | null;
  created_at: Millis;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the token's secret half; the secret itself is never stored. */
  secret_hash: Uint8Array;
  created_at: Millis;
  last_verified_at: Millis;
}

export interface ProjectsTable {
  id: string;
  employer_id: string;
  title: string;
  summary: string;
  estimated_hours: number;
  pay_amount: number;
  pay_currency: string;
  due_date: string | null;
  status: Status;
  created_at: Millis;
  updated_at: Millis;
}

export interface ProjectSkillsTable {
  project_id: string;
  skill: string;
  position: number;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: Role;
  created_at: Millis;
}

export interface ApplicationsTable {
  id: string;
  project_id: string;
  applicant_id: string;
  pitch: string;
  status: ApplicationStatus;
  created_at: Millis;
  decided_at: Millis | null;
  /** The employer's words when declining, for the applicant. */
  decision_message: string | null;
}

/** Append-only: who moved a project, when, from where to where, with what message or rating. */
/** One person told of one event: what the inbox lists. */
export interface BlobsTable {
  sha256: string;
  size: number;
  /** Refreshed when the same bytes are uploaded again, so a fresh upload is never collected. */
  created_at: Millis;
}

export interface BlobChunksTable {
  /** The blob's SHA-256, or `upload:<id>` while its upload streams in. */
  blob_key: string;
  seq: number;
  data: Uint8Array;
  created_at: Millis;
}

export interface FilesTable {
  id: string;
  project_id: string;
  /** The document it was uploaded into: who may read that may download it. */
  doc: DocKind;
  sha256: string;
  name: string;
  /** Sniffed from the bytes, never taken from the client. */
  type: string;
  size: number;
  uploaded_by: string;
  created_at: Millis;
}

/** Handles people gave up: another person may take one once it has rested. */
export interface ReleasedHandlesTable {
  handle: string;
  user_id: string;
  released_at: Millis;
}

/** Bytes an upload under way holds against its project's quota (see queries/files.ts). */
export interface FileReservationsTable {
  id: string;
  project_id: string;
  bytes: number;
  created_at: Millis;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  project_id: string | null;
  actor_id: string | null;
  text: string;
  message: string | null;
  link: string;
  /** 'inbox' (in the app only), 'email' (an outbox row was written with it) or 'digest'. */
  delivery: string;
  digested_at: Millis | null;
  created_at: Millis;
  read_at: Millis | null;
}

export interface NotificationPrefsTable {
  user_id: string;
  kind: string;
  channel: string;
}

/** What a person says about themselves to employers; `skills` and `links` are JSON arrays of strings. */
export interface ProfilesTable {
  user_id: string;
  about: string;
  skills: string;
  links: string;
  updated_at: Millis;
}

/** An emailed invitation to join a project; its link's secret is kept as SHA-256 hex only. */
export interface InvitationsTable {
  id: string;
  project_id: string;
  email: string;
  role: string;
  invited_by: string;
  secret_hash: string;
  created_at: Millis;
  expires_at: Millis;
  accepted_at: Millis | null;
  accepted_by: string | null;
  revoked_at: Millis | null;
}

/** An email to send, written in the transaction of the event that causes it. */
export interface OutboxTable {
  id: string;
  /** Whose email it is; null for an invitation to an address no account owns. */
  user_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  unsubscribe_url: string | null;
  status: string;
  attempts: number;
  next_attempt_at: Millis;
  lease_until: Millis | null;
  last_error: string | null;
  created_at: Millis;
  sent_at: Millis | null;
}

export interface CheckinDatesTable {
  project_id: string;
  /** YYYY-MM-DD */
  due_date: string;
}

/** A scheduled reminder: fired once (fired_at), whatever process fires it. */
export interface RemindersTable {
  project_id: string;
  kind: string;
  date: string;
  fire_at: Millis;
  fired_at: Millis | null;
}

export interface ProjectEventsTable {
  id: Generated<number>;
  project_id: string;
  actor_id: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  /** JSON text: the request-changes message, the rating, the invited member… */
  payload: string | null;
  created_at: Millis;
}

/** Every Yjs update as it arrived, with the user the server authenticated for it. */
export interface DocUpdatesTable {
  id: Generated<number>;
  project_id: string;
  kind: string;
  data: Uint8Array;
  /** Null for updates the server itself wrote (comments, freezing). */
  author_id: string | null;
  created_at: Millis;
}

export interface DocSnapshotsTable {
  project_id: string;
  kind: string;
  state: Uint8Array;
  /** The highest doc_updates.id folded into `state`, for people reading the table: load doesn't use it. */
  last_update_id: number;
  updated_at: Millis;
}

export interface DocVersionsTable {
  id: string;
  project_id: string;
  kind: string;
  label: string;
  /** submit | request_changes | complete | manual | restore */
  reason: string;
  state: Uint8Array;
  /** Hex SHA-256 of `state`, so anyone can check a version is the one recorded. */
  sha256: string;
  /** The server's sanitized rendering of `state`, when it was recorded. */
  html: string | null;
  author_id: string | null;
  created_at: Millis;
}

export interface PortfolioItemsTable {
  id: string;
  project_id: string;
  student_id: string;
  /** The signed OpenBadgeCredential, exactly as issued (JSON text). */
  credential: string;
  /** 1 while the student has unpublished it. */
  hidden: number;
  created_at: Millis;
  /** Its bit in a Bitstring Status List; null for items issued before revocation existed. */
  status_list: number | null;
  status_index: number | null;
  revoked_at: Millis | null;
  /** A user id, or `operator:<name>` for `stint revoke`. */
  revoked_by: string | null;
  revoked_reason: string | null;
}

export interface DocFencesTable {
  project_id: string;
  kind: string;
  client_id: number;
  from_clock: number;
  user_id: string;
}

export interface DocAuthorsTable {
  project_id: string;
  kind: string;
  client_id: number;
  author_id: string;
}

export interface LoginFailuresTable {
  /** `email:<address>` or `ip:<address>`. */
  key: string;
  at: Millis;
  /** The reservation that recorded it (a limit counts an attempt before it is made), if one did. */
  ticket: string | null;
}

export interface MilestonesTable {
  id: string;
  project_id: string;
  title: string;
  due_date: string;
  state: MilestoneState;
  position: number;
  created_at: number;
  created_by: string;
  submitted_note: string | null;
  submitted_at: number | null;
  reviewed_at: number | null;
  reviewed_by: string | null;
  /** 1 accepted, 0 reopened; null before the employer answered. */
  review_accepted: number | null;
  review_note: string | null;
}

export interface MilestoneExtensionsTable {
  id: string;
  milestone_id: string;
  from_date: string;
  requested_date: string;
  reason: string;
  state: ExtensionState;
  requested_at: number;
  requested_by: string;
  decided_at: number | null;
  decided_by: string | null;
  decision_note: string | null;
}

export interface WorkLogTable {
  id: string;
  project_id: string;
  user_id: string;
  date: string;
  minutes: number;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface PaymentsTable {
  project_id: string;
  amount: number;
  currency: string;
  state: PaymentState;
  agreed_at: number;
  due_at: number | null;
  paid_at: number | null;
  paid_by: string | null;
  paid_role: Role | null;
  reference: string | null;
}

export interface ReviewsTable {
  project_id: string;
  author_id: string;
  subject_id: string;
  /** 'employer' or 'mentor'. */
  subject_role: string;
  clarity: number | null;
  responsiveness: number | null;
  /** 0 or 1. */
  would_work_again: number | null;
  helpfulness: number | null;
  comment: string;
  given_at: number;
  updated_at: number;
}

export interface OrganisationsTable {
  user_id: string;
  name: string;
  /** What the name reads as (the domain's organisationNameKey): one organisation per key. */
  name_key: string | null;
  about: string;
  website: string | null;
  updated_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  projects: ProjectsTable;
  project_skills: ProjectSkillsTable;
  project_members: ProjectMembersTable;
  applications: ApplicationsTable;
  project_events: ProjectEventsTable;
  notifications: NotificationsTable;
  blobs: BlobsTable;
  blob_chunks: BlobChunksTable;
  files: FilesTable;
  notification_prefs: NotificationPrefsTable;
  outbox: OutboxTable;
  invitations: InvitationsTable;
  profiles: ProfilesTable;
  checkin_dates: CheckinDatesTable;
  reminders: RemindersTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
  doc_versions: DocVersionsTable;
  portfolio_items: PortfolioItemsTable;
  doc_authors: DocAuthorsTable;
  doc_fences: DocFencesTable;
  milestones: MilestonesTable;
  milestone_extensions: MilestoneExtensionsTable;
  work_log: WorkLogTable;
  payments: PaymentsTable;
  organisations: OrganisationsTable;
  reviews: ReviewsTable;
  file_reservations: FileReservationsTable;
  released_handles: ReleasedHandlesTable;
  login_failures: LoginFailuresTable;
  /** Same shape: actions counted for the rate limits. */
  rate_events: LoginFailuresTable;
}
