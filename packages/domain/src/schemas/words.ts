import { z } from 'zod';
import { isCleanLine, isCleanText } from './hidden-characters.ts';
import { visibleLength } from './projects.ts';

/** One line a person reads: visible characters, no controls. */
export const line = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} has at most ${max} characters.`)
    .refine((t) => visibleLength(t) >= 1, `${what} needs visible characters.`)
    .refine(isCleanLine, `${what} is one line without control characters or direction overrides.`);

/** A few sentences: line breaks allowed, other controls not. */
export const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} has at most ${max} characters.`)
    .refine((t) => visibleLength(t) >= 1, `${what} needs visible characters.`)
    .refine(isCleanText, `${what} can't hold control characters or direction overrides.`);
