import { z } from 'zod';
import { visibleLength } from './projects.ts';

/** One line a person reads: visible characters, no controls. */
export const line = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} has at most ${max} characters.`)
    .refine((t) => visibleLength(t) >= 1, `${what} needs visible characters.`)
    .refine((t) => !/[\p{Cc}]/u.test(t), `${what} is one line without control characters.`);

/** A few sentences: line breaks allowed, other controls not. */
export const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} has at most ${max} characters.`)
    .refine((t) => visibleLength(t) >= 1, `${what} needs visible characters.`)
    .refine((t) => !/[\p{Cc}]/u.test(t.replace(/[\n\r\t]/g, '')), `${what} can't hold control characters.`);
