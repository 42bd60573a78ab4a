import { z } from 'zod';
import { ACCOUNT_TYPE_NAMES, DEFAULT_ACCOUNT_TYPE } from '../accounts.ts';
import { isCleanLine, isCleanText } from './hidden-characters.ts';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('That is not a valid email address.'));

export const Password = z.string().min(10, 'A password needs at least 10 characters.').max(256, 'A password has at most 256 characters.');

export const PersonName = z
  .string()
  .trim()
  .min(1, 'Say what we should call you.')
  .max(100)
  .refine(isCleanLine, 'A name is one line without control characters or direction overrides.');

export const AccountTypeEnum = z.enum(ACCOUNT_TYPE_NAMES);

export const SignupBody = z.strictObject({
  email: Email,
  password: Password,
  name: PersonName,
  accountType: AccountTypeEnum.default(DEFAULT_ACCOUNT_TYPE),
  /** An emailed invitation's token: the new account joins its project, in its role, in the same step. */
  invitation: z.string().max(100).optional(),
});
export type SignupBody = z.infer<typeof SignupBody>;

// Login accepts any non-empty password: length rules changed later must not lock people out.
export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({ id: z.string(), email: z.string(), name: z.string(), accountType: AccountTypeEnum });
export type User = z.infer<typeof User>;

export const AuthResponse = z.object({ user: User, token: z.string() });
export const MeResponse = z.object({ user: User });

/** A website people may follow from a profile: http(s) only, so no script or data URL ever becomes a link. */
export const Website = z
  .string()
  .trim()
  .max(200, 'A website address has at most 200 characters.')
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'A website is an address starting with https:// (or http://).');

export const OrganisationBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(2, 'An organisation name has at least 2 characters.')
    .max(120, 'An organisation name has at most 120 characters.')
    .refine(isCleanLine, 'An organisation name is one line without control characters or direction overrides.'),
  about: z
    .string()
    .trim()
    .max(600, 'The description has at most 600 characters.')
    .refine(isCleanText, 'The description can’t hold control characters or direction overrides.'),
  website: Website.nullable().optional(),
});
export const Organisation = z.object({ name: z.string(), about: z.string(), website: z.string().nullable() });
export const OrganisationResponse = z.object({ organisation: Organisation.nullable() });
export const EmployerParam = z.object({ employerId: z.string().min(1).max(64) });
export const ReviewAverages = z.object({
  count: z.number(),
  clarity: z.number().nullable(),
  responsiveness: z.number().nullable(),
  /** The share of students who would work with them again, 0 to 1. */
  wouldWorkAgain: z.number().nullable(),
});
export const EmployerProfileResponse = z.object({
  employer: z.object({ id: z.string(), name: z.string(), organisation: Organisation.nullable() }),
  /** What students said of working with them: averages from REVIEW_AVERAGE_MIN reviews on. */
  reviews: ReviewAverages,
  /** Open projects, newest first. */
  projects: z.array(z.object({ id: z.string(), title: z.string(), summary: z.string(), skills: z.array(z.string()), dueDate: z.string().nullable() })),
});
