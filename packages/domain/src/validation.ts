import type { z } from 'zod';
import { DomainError, type FieldProblem } from './errors.ts';

/** One readable sentence naming each field that was wrong and why. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    const message = missing ? 'is required' : issue.message.replace(/\.$/, '');
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${parts.join('; ')}${more}.`;
}

/**
 * The field problems, each a sentence of its own without the field's key (a form shows it beside
 * its label): clients show these to people, and `message` names the fields for everyone else.
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    const last = String(issue.path.at(-1) ?? 'A value');
    const name = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const sentence = missing
      ? `${name.charAt(0).toUpperCase()}${name.slice(1)} is required.`
      : /[.!?]$/.test(issue.message)
        ? issue.message
        : `${issue.message}.`;
    return { field, message: sentence };
  });
}

export function invalidInput(error: z.ZodError): DomainError {
  return new DomainError('invalid', 'invalid_input', describeIssues(error), undefined, { fields: fieldProblems(error) });
}
