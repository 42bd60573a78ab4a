import type { API, ApiAnswer, InvitableRole, Status } from '@stint/domain';

export type { ApplicationStatus, Project, User } from '@stint/domain';

/** A project as its page shows it: the project, its members and the caller's role. */
export type ProjectDetail = ApiAnswer<typeof API.getProject>;
export type Application = ApiAnswer<typeof API.listApplications>['applications'][number];

export { WORKSPACE_KINDS, type WorkspaceKind } from '@stint/domain';

/** The roles someone is invited to, as the invite form and the invitation's page name them. */
export const INVITED_ROLE_LABELS: Record<InvitableRole, string> = { mentor: 'Mentor', viewer: 'Viewer (read-only)' };

export const STATUS_LABELS: Record<Status, string> = {
  draft: 'Draft',
  open: 'Open',
  in_progress: 'In progress',
  in_review: 'In review',
  completed: 'Completed',
  archived: 'Archived',
  cancelled: 'Cancelled',
};

export function money(c: { amount: number; currency: string }): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: c.currency, maximumFractionDigits: 0 }).format(c.amount / 100);
}
