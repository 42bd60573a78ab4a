import type { z } from 'zod';
import { invalid, type DomainError } from './errors.ts';

/** One readable sentence naming each field that was wrong and why. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${parts.join('; ')}${more}`;
}

export function invalidInput(error: z.ZodError): DomainError {
  return invalid('invalid_input', describeIssues(error));
}
