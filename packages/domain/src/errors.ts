/**
 * What went wrong, in terms a caller can act on. The HTTP layer maps each kind to one status
 * code; the websocket layer to one close code. `code` is the stable snake_case identifier
 * clients switch on, `message` a sentence for people.
 */
export const ERROR_KINDS = ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'unsupported_type', 'rate_limited'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One field's problem: its path in the body or query, and a sentence a person can read beside it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Seconds the caller should wait before retrying; only for `rate_limited`. */
    readonly retryAfterSeconds?: number,
    /** What led to it (a driver error, a parse failure), kept for logs; for bad input, what was wrong with each field. */
    options?: { cause?: unknown; fields?: readonly FieldProblem[] },
  ) {
    super(message, options);
    this.name = 'DomainError';
    this.fields = options?.fields;
  }

  readonly fields?: readonly FieldProblem[];
}

export const invalid = (code: string, message: string) => new DomainError('invalid', code, message);
export const unauthenticated = (message = 'You need to sign in first.') => new DomainError('unauthenticated', 'unauthenticated', message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const tooLarge = (code: string, message: string) => new DomainError('too_large', code, message);
export const unsupportedType = (code: string, message: string) => new DomainError('unsupported_type', code, message);
export const rateLimited = (message: string, retryAfterSeconds: number) => new DomainError('rate_limited', 'rate_limited', message, retryAfterSeconds);
