export interface ApiAnswer {
  status: number;
  headers: Headers;
  // Shapes are checked by the assertions that read them.
  json: any;
}

/** A script-style client: JSON in and out, signed in with a bearer token when given one. */
export function apiClient(baseUrl: string) {
  async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { unparsed: text };
    }
    return { status: response.status, headers: response.headers, json };
  }

  async function signup(name: string, email: string, accountType?: 'student' | 'employer' | 'mentor') {
    const res = await call('POST', '/api/auth/signup', { body: { email, name, password: 'integration password', accountType } });
    if (res.status !== 201) throw new Error(`signup of ${email} failed: ${res.status} ${JSON.stringify(res.json)}`);
    return { id: res.json.user.id as string, name, email, token: res.json.token as string };
  }

  return { call, signup };
}

/**
 * A request with headers `fetch` won't send (a forged `Host`), over node:http: what an attacker's
 * own client sends. Answers the status and the parsed JSON body.
 */
export async function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const { request } = await import('node:http');
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
