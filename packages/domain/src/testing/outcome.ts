import { DomainError } from '../errors.ts';

/**
 * What a rule says to one cell of its table, as the tests compare it: `ok` (or what it returned),
 * or the refusal's `kind:code`. A refusal must say why in words.
 */
export function outcome(run: () => unknown): string {
  try {
    const value = run();
    return typeof value === 'string' ? value : 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.message.length <= 10) throw new Error(`A refusal without words: ${error.kind}:${error.code}`);
    return `${error.kind}:${error.code}`;
  }
}
