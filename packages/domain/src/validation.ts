import type { z } from 'zod';
import { DomainError, type FieldProblem } from './errors.ts';

/** What the answers say about at most this many issues; the rest are counted. */
const SHOWN_ISSUES = 5;

/** One issue as both readings use it: where, whether the field was simply missing, and zod's words. */
function readIssue(issue: z.core.$ZodIssue) {
  return {
    path: issue.path.map(String).join('.'),
    last: String(issue.path.at(-1) ?? 'A value'),
    missing: issue.code === 'invalid_type' && issue.message.endsWith('received undefined'),
    said: issue.message.replace(/\.$/, ''),
  };
}

/** One readable sentence naming each field that was wrong and why. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const { path, missing, said } = readIssue(issue);
    const message = missing ? 'is required' : said;
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length > SHOWN_ISSUES ? ` (and ${error.issues.length - SHOWN_ISSUES} more)` : '';
  return `${parts.join('; ')}${more}.`;
}

/**
 * The field problems, each a sentence of its own without the field's key (a form shows it beside
 * its label): clients show these to people, and `message` names the fields for everyone else.
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const { path, last, missing, said } = readIssue(issue);
    const name = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const sentence = missing ? `${name.charAt(0).toUpperCase()}${name.slice(1)} is required.` : /[!?]$/.test(said) ? said : `${said}.`;
    return { field: path, message: sentence };
  });
}

export function invalidInput(error: z.ZodError): DomainError {
  return new DomainError('invalid', 'invalid_input', describeIssues(error), undefined, { fields: fieldProblems(error) });
}
