import { verifyCredential } from '@digitalcredentials/verifier-core';
import { OB_SCHEMA_URL, schemaForVc2 } from './open-badges-schema.ts';

export interface IndependentVerdict {
  /** Each step verifier-core logs (valid_signature, expiration, revocation_status…), by id. */
  steps: Record<string, boolean>;
  /** Fatal errors (a broken signature ends verification with one). */
  errors: string[];
  /** Its JSON Schema check of the credential, when it made one. */
  schema?: unknown;
}

/**
 * The Digital Credentials Consortium's verifier-core — what the Learner Credential Wallet and
 * VerifierPlus run — on a Stint credential, without the internet. It ships the W3C, Data
 * Integrity and Open Badges contexts but fetches others over HTTPS; this machine has no way out,
 * so the two documents it would fetch are answered from where they live in this run: Stint's
 * context from the Stint server under test (which serves it at the same path as stint.work) and
 * 1EdTech's schema from the copy in test/fixtures (as 3.0.3 has it for VC 2.0: see
 * open-badges-schema.ts). Everything else (did:key, the status list on the server under test)
 * goes where verifier-core sends it.
 */
export async function verifyIndependently(credential: object, stintUrl: string): Promise<IndependentVerdict> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith('https://stint.work/contexts/')) return realFetch(`${stintUrl}${new URL(url).pathname}`, init);
    if (url === OB_SCHEMA_URL) return Response.json(schemaForVc2());
    return realFetch(input, init);
  }) as typeof fetch;
  try {
    const result = (await verifyCredential({ credential: credential as Parameters<typeof verifyCredential>[0]['credential'], knownDIDRegistries: [] })) as {
      log?: Array<{ id: string; valid: boolean }>;
      errors?: Array<{ name: string; message: string }>;
      additionalInformation?: Array<{ id: string; results?: unknown }>;
    };
    return {
      steps: Object.fromEntries((result.log ?? []).map((s) => [s.id, s.valid])),
      errors: (result.errors ?? []).map((e) => `${e.name}: ${e.message}`),
      schema: result.additionalInformation?.find((i) => i.id === 'schema_check')?.results,
    };
  } finally {
    globalThis.fetch = realFetch;
  }
}
