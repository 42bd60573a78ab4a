export const ROLES = ['employer', 'mentor', 'student', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an employer may hand out by invitation; `student` only comes from an accepted application. */
export const INVITABLE_ROLES = ['mentor', 'viewer'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];
