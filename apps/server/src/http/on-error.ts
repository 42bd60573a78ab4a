import { DomainError } from '@stint/domain';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { ApiError } from './api-error.ts';
import type { AppEnv } from './env.ts';

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return ApiError.from(error);
  if (error instanceof HTTPException) {
    if (error.status === 400 && /json/i.test(error.message)) {
      return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.', {}, { cause: error });
    }
    if (error.status === 415) {
      return new ApiError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.', {}, { cause: error });
    }
    if (error.status === 413) return new ApiError(413, 'payload_too_large', 'The request body is larger than 1 MiB.', {}, { cause: error });
    if (error.status >= 400 && error.status < 500) {
      return new ApiError(error.status as ApiError['status'], 'bad_request', error.message || 'The request was not understood.', {}, { cause: error });
    }
  }
  return null;
}

/** The one place errors become responses: `{ error: { code, message, fields? } }`, never a stack. */
export function renderError(error: unknown, c: Context<AppEnv>, fallbackLog: Logger): Response {
  const api = toApiError(error);
  if (api) {
    return c.json({ error: { code: api.code, message: api.message, ...(api.fields ? { fields: api.fields } : {}) } }, api.status, api.headers);
  }
  (c.get('log') ?? fallbackLog).error({ err: error }, 'unhandled error');
  return c.json({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } }, 500);
}
