import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateSigningKey, type RetiredKey, type SigningKey, secretKeyMultibase, signingKeyFromMultibase } from '@stint/export/identity';

/** The issuer's keys: the one that signs now, and those that signed before a rotation. */
export interface Keyring {
  current: SigningKey;
  retired: RetiredKey[];
}

interface KeyFile {
  did?: string;
  secretKeyMultibase: string;
  retired?: RetiredKey[];
}

const keyFile = (dataDir: string) => join(dataDir, 'signing-key.json');

function write(file: string, key: SigningKey, retired: RetiredKey[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const body: KeyFile = { did: key.did, secretKeyMultibase: secretKeyMultibase(key), retired };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * The issuer's Ed25519 keys: from STINT_SIGNING_KEY (a Multikey secret, `z3u2…`) and
 * STINT_RETIRED_KEYS (`z6Mk…@<date>` public keys, comma-separated) when given, else
 * `DATA_DIR/signing-key.json`, created on first start. Processes sharing one database must share
 * these too (same DATA_DIR or the env variables). Losing the current key means new items can't
 * be signed under it; old items keep verifying as long as its public half stays listed.
 */
export function loadKeyring(dataDir: string, fromEnv: string | undefined, retiredFromEnv?: string): Keyring {
  if (fromEnv) return { current: signingKeyFromMultibase(fromEnv), retired: parseRetired(retiredFromEnv) };
  const file = keyFile(dataDir);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    return { current: signingKeyFromMultibase(stored.secretKeyMultibase), retired: stored.retired ?? [] };
  }
  const current = generateSigningKey();
  write(file, current, []);
  return { current, retired: [] };
}

function parseRetired(value: string | undefined): RetiredKey[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [publicKeyMultibase, retiredAt] = entry.split('@') as [string, string | undefined];
      if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(publicKeyMultibase)) throw new Error(`STINT_RETIRED_KEYS: ${entry} is not an Ed25519 Multikey (z6Mk…).`);
      return { publicKeyMultibase, retiredAt: retiredAt ?? '' };
    });
}

/**
 * `stint rotate-key`: a new signing key; the old one's public half is kept as retired, so every
 * item it signed keeps verifying (its did:web document lists it; under did:key its DID stays one
 * this deployment recognises). Refused when the key comes from the environment: rotate it there.
 */
export function rotateKey(dataDir: string, now = new Date()): { current: SigningKey; retired: RetiredKey } {
  const { current, retired } = loadKeyring(dataDir, undefined);
  const next = generateSigningKey();
  const retiring = { publicKeyMultibase: current.publicKeyMultibase, retiredAt: now.toISOString() };
  write(keyFile(dataDir), next, [retiring, ...retired]);
  return { current: next, retired: retiring };
}

/** The keys as `signing-key.json` holds them (for a backup): the current secret and the retired public keys. */
export function exportKeys(dataDir: string, fromEnv: string | undefined, retiredFromEnv?: string): string {
  const { current, retired } = loadKeyring(dataDir, fromEnv, retiredFromEnv);
  const body: KeyFile = { did: current.did, secretKeyMultibase: secretKeyMultibase(current), retired };
  return JSON.stringify(body, null, 2);
}

/** Writes keys from a backup as `DATA_DIR/signing-key.json`; refuses to replace a key already there. */
export function importKeys(dataDir: string, keys: string): void {
  const file = keyFile(dataDir);
  if (existsSync(file)) throw new Error(`${file} exists: restore into an empty DATA_DIR.`);
  const parsed = JSON.parse(keys) as KeyFile;
  write(file, signingKeyFromMultibase(parsed.secretKeyMultibase), parsed.retired ?? []);
}
