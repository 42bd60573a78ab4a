import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { base58 } from '@scure/base';

// Multicodec prefixes (varint) for Ed25519 keys, as did:key and Multikey use them.
const ED25519_PUB = Uint8Array.of(0xed, 0x01);
const ED25519_PRIV = Uint8Array.of(0x80, 0x26);
// DER wrappers that turn a raw 32-byte Ed25519 key into what node:crypto imports.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: Uint8Array;
  /** `z6Mk…`: the public key as a Multikey multibase string. */
  publicKeyMultibase: string;
  /** `did:key:z6Mk…` */
  did: string;
  /** `did:key:z6Mk…#z6Mk…`, the verification method proofs name. */
  verificationMethod: string;
}

export function multibaseEncode(bytes: Uint8Array): string {
  return `z${base58.encode(bytes)}`;
}

export function multibaseDecode(value: string): Uint8Array {
  if (!value.startsWith('z')) throw new Error('Only base58btc multibase (z…) is supported.');
  return base58.decode(value.slice(1));
}

function withPrefix(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix);
  out.set(key, prefix.length);
  return out;
}

function stripPrefix(prefix: Uint8Array, bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== prefix.length + 32 || !prefix.every((b, i) => bytes[i] === b)) throw new Error(`Not an Ed25519 ${what} key.`);
  return bytes.slice(prefix.length);
}

export function publicKeyFromMultibase(multibase: string): Uint8Array {
  return stripPrefix(ED25519_PUB, multibaseDecode(multibase), 'public');
}

export function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string };
  const publicKey = new Uint8Array(Buffer.from(jwk.x, 'base64url'));
  const publicKeyMultibase = multibaseEncode(withPrefix(ED25519_PUB, publicKey));
  const did = `did:key:${publicKeyMultibase}`;
  return { privateKey, publicKey, publicKeyMultibase, did, verificationMethod: `${did}#${publicKeyMultibase}` };
}

/** A key from its Multikey secret (`z3u2…`: multicodec ed25519-priv + 32-byte seed). */
export function signingKeyFromMultibase(secretKeyMultibase: string): SigningKey {
  const seed = stripPrefix(ED25519_PRIV, multibaseDecode(secretKeyMultibase), 'private');
  return fromPrivateKey(createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
}

export function secretKeyMultibase(key: SigningKey): string {
  const jwk = key.privateKey.export({ format: 'jwk' }) as { d: string };
  return multibaseEncode(withPrefix(ED25519_PRIV, new Uint8Array(Buffer.from(jwk.d, 'base64url'))));
}

export function generateSigningKey(): SigningKey {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** The public key a `did:key:z6Mk…` (with or without fragment) names. */
export function publicKeyFromDidKey(didUrl: string): Uint8Array {
  const match = didUrl.match(/^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)(?:#(z6Mk[1-9A-HJ-NP-Za-km-z]+))?$/);
  if (!match || (match[2] && match[2] !== match[1])) throw new Error(`Not an Ed25519 did:key: ${didUrl}`);
  return publicKeyFromMultibase(match[1]!);
}
