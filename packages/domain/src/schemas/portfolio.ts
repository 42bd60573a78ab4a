import { z } from 'zod';
import { REVOCATION_REASON_MAX } from '../revocation.ts';
import { isCleanText } from './hidden-characters.ts';

export const ItemParam = z.object({ itemId: z.string().min(1).max(64) });
export const ItemResponse = z.object({ item: z.object({ id: z.string(), url: z.string(), signature: z.string() }) });
export const OutcomeResponse = z.object({
  rating: z.object({ skills: z.record(z.string(), z.number()), wouldWorkAgain: z.boolean() }).nullable(),
  completedAt: z.string().nullable(),
  portfolioItem: z
    .object({
      id: z.string(),
      url: z.string(),
      hidden: z.boolean(),
      /** Set once the employer (or an operator) has revoked it. */
      revocation: z.object({ at: z.string(), reason: z.string() }).nullable(),
      /** What the caller may do with it: publish or hide it (its student), revoke it (the employer, once). */
      abilities: z.object({ changeVisibility: z.boolean(), revoke: z.boolean() }),
    })
    .nullable(),
});
export const RevokeBody = z.object({
  reason: z
    .string()
    .trim()
    .min(3, 'Say why it is revoked.')
    .max(REVOCATION_REASON_MAX)
    .refine(isCleanText, 'A reason can’t hold control characters or direction overrides.'),
});
export const RevokeResponse = z.object({
  item: z.object({ id: z.string(), url: z.string(), revoked: z.boolean(), revocation: z.object({ at: z.string(), reason: z.string() }) }),
});
export const VerifyResponse = z.object({
  valid: z.boolean(),
  issuer: z.string(),
  issuedAt: z.string(),
  contentHash: z.string(),
  reason: z.string().optional(),
  /** Whether the employer (or an operator) has revoked it; when and why in `revocation`. */
  revoked: z.boolean(),
  revocation: z.object({ at: z.string(), reason: z.string() }).optional(),
  /** Each check in plain words, as the public page lists them. */
  checks: z.array(z.object({ check: z.enum(['signature', 'issuer', 'status', 'files']), ok: z.boolean(), text: z.string() })),
});
export const IssuerResponse = z.object({
  id: z.string(),
  name: z.string(),
  /** The key that signs now. */
  publicKeyMultibase: z.string(),
  /** Keys that signed before a rotation: what they signed still verifies. */
  retiredKeys: z.array(z.object({ publicKeyMultibase: z.string(), retiredAt: z.string() })),
});

/** One item as a portfolio lists it: what the credential says, for people. */
export const PortfolioListItem = z.object({
  id: z.string(),
  /** The item's public page. */
  url: z.string(),
  title: z.string(),
  employer: z.string(),
  /** The employer's organisation, when the credential names one (items issued before organisations don't). */
  organisation: z.string().nullable(),
  completedAt: z.string(),
  skills: z.array(z.string()),
  ratings: z.record(z.string(), z.number()),
});
export const PublicPortfolioResponse = z.object({
  user: z.object({ handle: z.string(), name: z.string() }),
  items: z.array(PortfolioListItem),
});
export const MyPortfolioResponse = z.object({
  handle: z.string().nullable(),
  /** The wallet DID credentials issued to you from now on name you by (`credentialSubject.id`). */
  did: z.string().nullable(),
  /** `revoked`: its employer (or an operator) revoked it; never on the public portfolio. */
  items: z.array(PortfolioListItem.extend({ hidden: z.boolean(), revoked: z.boolean() })),
});
export const SetHandleBody = z.strictObject({ handle: z.string().min(1).max(60) });
export const SetDidBody = z.strictObject({ did: z.string().max(600).nullable() });
export const HandleParam = z.object({ handle: z.string().min(1).max(60) });
