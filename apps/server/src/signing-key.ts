import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateSigningKey, type SigningKey, secretKeyMultibase, signingKeyFromMultibase } from '@stint/export';

/**
 * The issuer's Ed25519 key: from STINT_SIGNING_KEY (a Multikey secret, `z3u2…`) when given,
 * else `DATA_DIR/signing-key.json`, created on first start. Processes sharing one database
 * must share this key too (same DATA_DIR or the env variable).
 */
export function loadSigningKey(dataDir: string, fromEnv: string | undefined): SigningKey {
  if (fromEnv) return signingKeyFromMultibase(fromEnv);
  const file = join(dataDir, 'signing-key.json');
  if (existsSync(file)) {
    return signingKeyFromMultibase((JSON.parse(readFileSync(file, 'utf8')) as { secretKeyMultibase: string }).secretKeyMultibase);
  }
  const key = generateSigningKey();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ did: key.did, secretKeyMultibase: secretKeyMultibase(key) }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
