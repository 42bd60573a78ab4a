import { z } from 'zod';
import { ACCOUNT_TYPE_NAMES, DEFAULT_ACCOUNT_TYPE } from '../accounts.ts';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('That is not a valid email address.'));

export const Password = z.string().min(10, 'A password needs at least 10 characters.').max(256, 'A password has at most 256 characters.');

export const PersonName = z.string().trim().min(1, 'Say what we should call you.').max(100);

export const AccountTypeEnum = z.enum(ACCOUNT_TYPE_NAMES);

export const SignupBody = z.strictObject({
  email: Email,
  password: Password,
  name: PersonName,
  accountType: AccountTypeEnum.default(DEFAULT_ACCOUNT_TYPE),
});
export type SignupBody = z.infer<typeof SignupBody>;

// Login accepts any non-empty password: length rules changed later must not lock people out.
export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({ id: z.string(), email: z.string(), name: z.string(), accountType: AccountTypeEnum });
export type User = z.infer<typeof User>;

export const AuthResponse = z.object({ user: User, token: z.string() });
export const MeResponse = z.object({ user: User });
