import { z } from 'zod';

export const ItemParam = z.object({ itemId: z.string().min(1).max(64) });
export const ItemResponse = z.object({ item: z.object({ id: z.string(), url: z.string(), signature: z.string() }) });
export const OutcomeResponse = z.object({
  rating: z.object({ skills: z.record(z.string(), z.number()), wouldWorkAgain: z.boolean() }).nullable(),
  completedAt: z.string().nullable(),
  portfolioItem: z.object({ id: z.string(), url: z.string(), hidden: z.boolean() }).nullable(),
});
export const VerifyResponse = z.object({
  valid: z.boolean(),
  issuer: z.string(),
  issuedAt: z.string(),
  contentHash: z.string(),
  reason: z.string().optional(),
});
export const IssuerResponse = z.object({ id: z.string(), name: z.string() });
