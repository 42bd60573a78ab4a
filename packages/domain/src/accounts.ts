import { invalid } from './errors.ts';

/**
 * What a person signs up as. Rights inside a project still come from their role there (an
 * account type grants nothing on the wire); the type only decides what the product offers them
 * first: a student is shown projects to apply to, not a form to post one.
 */
export const ACCOUNT_TYPES = {
  student: { label: 'A student looking for micro-internships', offersPosting: false },
  employer: { label: 'An employer posting projects', offersPosting: true },
  mentor: { label: 'A mentor or educator guiding students', offersPosting: false },
} as const satisfies Record<string, { label: string; offersPosting: boolean }>;

export type AccountType = keyof typeof ACCOUNT_TYPES;
export const ACCOUNT_TYPE_NAMES = Object.keys(ACCOUNT_TYPES) as [AccountType, ...AccountType[]];

/** Accounts created before there were types, or by a client that does not say, are students'. */
export const DEFAULT_ACCOUNT_TYPE: AccountType = 'student';

export const offersPosting = (type: AccountType): boolean => ACCOUNT_TYPES[type].offersPosting;

/** A public portfolio's handle: `/u/<handle>`. Lower case letters, digits and single hyphens. */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,29}$/;
/** Words that read as Stint's own pages, not a person's. */
const RESERVED_HANDLES = new Set([
  'about',
  'admin',
  'api',
  'app',
  'contact',
  'help',
  'legal',
  'login',
  'logout',
  'privacy',
  'root',
  'settings',
  'signup',
  'status',
  'stint',
  'support',
  'terms',
  'www',
]);
/** Words that speak for Stint or claim authority: no handle may hold them as a part (`stint-support`, `security-team`). */
const AUTHORITY_WORDS = ['abuse', 'admin', 'moderator', 'moderators', 'official', 'security', 'staff', 'stint', 'support', 'trust', 'verified', 'verify'];

/** A handle someone gave up rests this long before another person may take it: links to it don't turn into someone else's page at once. */
export const HANDLE_REST_DAYS = 30;

/** The handle as stored (lower case), or a sentence saying what a handle may be. */
export function checkHandle(raw: string): string {
  const handle = raw.trim().toLowerCase();
  if (!HANDLE_PATTERN.test(handle)) {
    throw invalid('bad_handle', 'A handle is 3 to 30 lower-case letters, digits or single hyphens, starting and ending with a letter or digit.');
  }
  if (RESERVED_HANDLES.has(handle) || handle.includes('stint') || handle.split('-').some((part) => AUTHORITY_WORDS.includes(part))) {
    throw invalid('handle_reserved', `“${handle}” is reserved; choose another.`);
  }
  return handle;
}

/**
 * A DID as W3C DID Core spells one (`did:<method>:<method-specific id>`): what a student's wallet
 * shows (the Learner Credential Wallet's `did:key:z6Mk…`, a `did:web`…), so credentials issued to
 * them name them by it as `credentialSubject.id`. Only its shape is checked: owning it is the
 * wallet's business, and the hashed email stays beside it.
 */
export const HOLDER_DID_PATTERN = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*[A-Za-z0-9._-]$/;
export const HOLDER_DID_MAX = 500;

/** The DID as stored, null to forget it, or a sentence saying what a DID looks like. */
export function checkHolderDid(raw: string | null): string | null {
  const did = raw?.trim() ?? '';
  if (did === '') return null;
  if (did.length > HOLDER_DID_MAX || !HOLDER_DID_PATTERN.test(did)) {
    throw invalid('bad_did', 'A DID looks like did:key:z6Mk… or did:web:example.com — copy it from your wallet.');
  }
  return did;
}
