/**
 * What a person signs up as. Rights inside a project still come from their role there (an
 * account type grants nothing on the wire); the type only decides what the product offers them
 * first: a student is shown projects to apply to, not a form to post one.
 */
export const ACCOUNT_TYPES = {
  student: { label: 'A student looking for micro-internships', offersPosting: false },
  employer: { label: 'An employer posting projects', offersPosting: true },
  mentor: { label: 'A mentor or educator guiding students', offersPosting: false },
} as const satisfies Record<string, { label: string; offersPosting: boolean }>;

export type AccountType = keyof typeof ACCOUNT_TYPES;
export const ACCOUNT_TYPE_NAMES = Object.keys(ACCOUNT_TYPES) as [AccountType, ...AccountType[]];

/** Accounts created before there were types, or by a client that does not say, are students'. */
export const DEFAULT_ACCOUNT_TYPE: AccountType = 'student';

export const offersPosting = (type: AccountType): boolean => ACCOUNT_TYPES[type].offersPosting;
