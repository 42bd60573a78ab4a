import type { z } from 'zod';
import { type DomainError, invalid } from './errors.ts';

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

export function invalidInput(error: z.ZodError): DomainError {
  return invalid('invalid_input', describeIssues(error));
}
