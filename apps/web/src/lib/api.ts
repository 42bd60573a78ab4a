import { type ApiAnswer, type ApiBody, type Endpoint, ErrorResponse, fillPath, type PathParams } from '@stint/domain';

/** An error the API answered with: its stable code and a sentence to show people. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface RawOptions {
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
}

export type CallOptions<E extends Endpoint> = (keyof PathParams<E['path']> extends never ? { params?: undefined } : { params: PathParams<E['path']> }) &
  (E['body'] extends null ? { body?: undefined } : { body: ApiBody<E> }) & { query?: Record<string, string | number | boolean | undefined> };

/**
 * Calls one endpoint of the API contract (`API` in @stint/domain), signed in by the session
 * cookie: the path, body and answer are typed from the server's own schemas, and the answer is
 * parsed with them, so a field renamed on the server fails the web's type check, and a server
 * that answers something else fails here rather than somewhere downstream. Every failure
 * becomes an ApiFailure.
 */
export function call<E extends Endpoint>(endpoint: E, options?: CallOptions<E>): Promise<ApiAnswer<E>>;
export async function call(endpoint: Endpoint, opts: RawOptions = {}): Promise<unknown> {
  let path = fillPath(endpoint.path, opts.params ?? {});
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(opts.query ?? {})) if (value !== undefined && value !== '') query.set(key, String(value));
  if ([...query].length > 0) path += `?${query}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: endpoint.method.toUpperCase(),
      credentials: 'same-origin',
      headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiFailure(0, 'offline', 'Can’t reach Stint right now. Check your connection and try again.');
  }
  const json: unknown = response.status === 204 ? undefined : await response.json().catch(() => null);
  if (!response.ok) {
    const parsedError = ErrorResponse.safeParse(json);
    const error = parsedError.success ? parsedError.data.error : undefined;
    // Bad input says what is wrong with each field in sentences for people; the message names the fields' keys.
    const told = error?.fields?.length ? error.fields.map((f) => f.message).join(' ') : error?.message;
    throw new ApiFailure(response.status, error?.code ?? 'error', told ?? `Request failed (${response.status}).`);
  }
  if (endpoint.response === null) return undefined;
  const parsed = endpoint.response.safeParse(json);
  if (!parsed.success) throw new ApiFailure(response.status, 'unexpected_answer', 'Stint answered something this page does not understand; reload it.');
  return parsed.data;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
