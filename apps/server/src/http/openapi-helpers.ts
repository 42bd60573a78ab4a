import { ErrorResponse } from '@stint/domain';
import type { z } from 'zod';

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { content: { 'application/json': { schema } }, required: true, ...(description ? { description } : {}) },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const errorResponse = (description: string) => jsonResponse(ErrorResponse, description);

/** The error answers every route may give, described once. */
export const errorResponses = {
  400: errorResponse('Bad input: malformed JSON, missing or wrong-typed fields (`invalid_json`, `invalid_input`).'),
  401: errorResponse('Not signed in, or the session expired (`unauthenticated`).'),
  403: errorResponse('Signed in but not allowed (`not_allowed`, `cross_origin_request`).'),
  404: errorResponse('No such project, application or user — or one you may not see.'),
  409: errorResponse('The project is in the wrong state for this (`invalid_transition`, `state_changed`) or a duplicate.'),
  413: errorResponse('Body over 1 MiB (`payload_too_large`).'),
  415: errorResponse('Body is not JSON (`unsupported_media_type`).'),
} as const;

/** What a signed-in command on one thing may answer besides its success. */
export const commandErrors = { 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] } as const;

export const signedIn: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
