import type { DocKind, Role, Status } from '@stint/domain';

export interface User {
  id: string;
  email: string;
  name: string;
}

export type { Project } from '@stint/domain';

import type { Project } from '@stint/domain';

export interface ProjectDetail {
  project: Project;
  members: Array<{ userId: string; name: string; role: Role }>;
  myRole: Role | null;
}

export interface Application {
  id: string;
  status: 'pending' | 'accepted' | 'declined';
  pitch: string;
  applicant: { id: string; name: string };
  createdAt: string;
}

export { WORKSPACE_KINDS, type WorkspaceKind } from '@stint/domain';

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
