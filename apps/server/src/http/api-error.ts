import type { DomainError, ErrorKind } from '@stint/domain';
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
    /** What led to it, kept for logs (as Hono's HTTPException keeps its cause). */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  static from(error: DomainError): ApiError {
    const headers: Record<string, string> = error.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
    return new ApiError(STATUS_BY_KIND[error.kind], error.code, error.message, headers, { cause: error });
  }
}
