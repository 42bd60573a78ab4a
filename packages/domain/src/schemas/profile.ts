import { z } from 'zod';
import { Website } from './auth.ts';
import { isCleanText } from './hidden-characters.ts';
import { Profile, Skill } from './projects.ts';

/** What a student tells employers about themselves, shown beside each of their applications. */
export const ProfileBody = z.strictObject({
  about: z
    .string()
    .trim()
    .max(1000, 'Say it in at most 1,000 characters.')
    .refine(isCleanText, 'The text can’t hold control characters or direction overrides.'),
  skills: z
    .array(Skill)
    .max(12, 'List at most 12 skills.')
    .refine((s) => new Set(s).size === s.length, 'Each skill once.'),
  links: z.array(Website).max(5, 'Give at most 5 links.'),
});
export type ProfileBody = z.infer<typeof ProfileBody>;
export const ProfileResponse = z.object({ profile: Profile });
