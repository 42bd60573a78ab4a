import { readFileSync } from 'node:fs';
import { checkRevocation, didWebDocumentUrl, issuerOf, type JsonObject, makeDocumentLoader, verifyCredential } from '@stint/export';

const json = async (url: string) => {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as object;
};

/**
 * What the CLI may fetch, and only this: the trusted did:web issuer's document (over HTTPS, as
 * the method says) and the status list the credential itself names. Contexts stay the shipped copies.
 */
function onlineLoader(credential: JsonObject, trusted: string) {
  const statusUrl = (credential.credentialStatus as { statusListCredential?: unknown } | undefined)?.statusListCredential;
  return makeDocumentLoader(
    async (did) => (did === trusted && did.startsWith('did:web:') ? json(didWebDocumentUrl(did)) : undefined),
    async (url) => (typeof statusUrl === 'string' && url === statusUrl ? json(url) : undefined),
  );
}

/**
 * `stint verify`. Exit 0 and say who issued it when the proof holds, the issuer is the one
 * trusted and its status list does not mark it revoked; exit 1 and say why when not; exit 2 when
 * it can't tell whom to trust. A valid proof alone proves nothing: anyone can sign a credential
 * with a key of their own, so the issuer must be one you trust — given with --issuer, or for a
 * URL the issuer of the Stint server it was fetched from.
 */
export async function verify(args: string[]): Promise<void> {
  const flag = args.indexOf('--issuer');
  const trustedFlag = flag >= 0 ? args[flag + 1] : undefined;
  const source = args.find((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1));
  if (!source || (flag >= 0 && !trustedFlag)) {
    process.stderr.write('Usage: stint verify <credential.json | https://…/p/<id> | https://…/api/portfolio/<id>> [--issuer <did>]\n');
    process.exitCode = 2;
    return;
  }
  const isUrl = /^https?:\/\//.test(source);
  let credential: JsonObject;
  let trusted = trustedFlag;
  try {
    credential = JSON.parse(isUrl ? await fetchCredential(source) : readFileSync(source, 'utf8')) as JsonObject;
    if (!trusted && isUrl) {
      // The deployment the credential came from says which DID it issues under.
      const answer = (await json(new URL('/api/issuer', source).href)) as { id?: unknown };
      if (typeof answer.id === 'string') trusted = answer.id;
    }
  } catch (error) {
    console.log(`INVALID: could not read a JSON credential from ${source} (${(error as Error).message})`);
    process.exitCode = 1;
    return;
  }
  if (!trusted) {
    process.stderr.write('Say which issuer you trust: --issuer <did> (the DID of the Stint server that issued it).\n');
    process.exitCode = 2;
    return;
  }
  const fail = (message: string) => {
    console.log(message);
    process.exitCode = 1;
  };
  // Trust is decided before anything is fetched: a credential naming another issuer makes no connection at all.
  const issuer = issuerOf(credential);
  if (!issuer) return fail('INVALID: the credential names no issuer DID (issuer must be a DID or an object with a DID id)');
  if (issuer !== trusted) return fail(`INVALID: issued by ${issuer}, not by the issuer you trust (${trusted})`);
  const loader = onlineLoader(credential, trusted);
  const result = await verifyCredential(credential, { documentLoader: loader });
  if (!result.valid) return fail(`INVALID: ${result.reason}`);
  const status = await checkRevocation(credential, loader);
  if (status.checked && 'error' in status) return fail(`INVALID: could not check whether it was revoked (${status.error})`);
  if (status.checked && status.revoked) return fail(`REVOKED: the issuer has revoked it${(await issuerRecord(credential))?.text ?? ''}`);
  // Items issued before status lists carry no bit: the issuing server's record is all there is.
  const record = status.checked ? null : await issuerRecord(credential);
  if (record?.revoked) return fail(`REVOKED: the issuer has revoked it${record.text}`);
  const c = credential as { validFrom?: unknown; name?: unknown };
  console.log(`VALID: "${String(c.name ?? 'credential')}" issued by ${issuer} on ${String(c.validFrom)}${status.checked ? '; not revoked' : ''}`);
}

/** What the issuing server's verify endpoint says of its revocation, when it answers (a status bit has no reason). */
async function issuerRecord(credential: JsonObject): Promise<{ revoked: boolean; text: string } | null> {
  try {
    const answer = (await json(`${String(credential.id)}/verify`)) as { revoked?: boolean; revocation?: { at?: string; reason?: string } };
    const text = answer.revocation?.reason ? ` on ${String(answer.revocation.at).slice(0, 10)}: ${answer.revocation.reason}` : '';
    return { revoked: answer.revoked === true, text };
  } catch {
    return null;
  }
}

/**
 * The credential at a URL: the API's JSON, or — for the page students share, `/p/<id>` — the
 * credential the page names as its alternate (`<link rel="alternate" type="application/vc+ld+json">`).
 */
async function fetchCredential(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'application/vc+ld+json, application/json;q=0.9, text/html;q=0.5' } });
  const body = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('text/html')) return body;
  const link = body.match(/<link rel="alternate" type="application\/vc\+ld\+json" href="([^"]+)">/);
  if (!link) throw new Error('the page names no credential');
  return (await fetch(new URL(link[1]!.replace(/&amp;/g, '&'), url))).text();
}
