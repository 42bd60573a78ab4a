import type { DomainError, ErrorKind, FieldProblem } from '@stint/domain';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const STATUS_BY_KIND: Readonly<Record<ErrorKind, ContentfulStatusCode>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  rate_limited: 429,
};

/** The one error type of the HTTP boundary: a status, a stable code and a sentence. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** What led to it, kept for logs (as Hono's HTTPException keeps its cause); for bad input, each field's problem. */
    options?: { cause?: unknown; fields?: readonly FieldProblem[] },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.fields = options?.fields;
  }

  readonly fields?: readonly FieldProblem[];

  static from(error: DomainError): ApiError {
    const headers: Record<string, string> = error.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
    return new ApiError(STATUS_BY_KIND[error.kind], error.code, error.message, headers, { cause: error, fields: error.fields });
  }
}
