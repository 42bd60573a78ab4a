const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** At most `limit` actions inside any `windowMs`. */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** One action's limits, per signed-in user and per client address (a school may share one). */
export interface RateRule {
  readonly perUser?: RateWindow;
  readonly perIp?: RateWindow;
}

/**
 * What one person or address may do how often. Generous for real use (a class signing up from
 * one network, an employer posting a batch of projects); tight enough that a script can't fill
 * the board or the inboxes. Every server process counts in the database, so the limits hold
 * however many processes serve.
 */
export const RATE_LIMITS = {
  signup: { perIp: { limit: 100, windowMs: HOUR } },
  createProject: { perUser: { limit: 30, windowMs: HOUR }, perIp: { limit: 300, windowMs: HOUR } },
  publish: { perUser: { limit: 30, windowMs: HOUR } },
  apply: { perUser: { limit: 30, windowMs: HOUR }, perIp: { limit: 300, windowMs: HOUR } },
  invite: { perUser: { limit: 100, windowMs: HOUR } },
  comment: { perUser: { limit: 120, windowMs: 10 * MINUTE }, perIp: { limit: 1200, windowMs: 10 * MINUTE } },
  saveVersion: { perUser: { limit: 60, windowMs: HOUR } },
  upload: { perUser: { limit: 200, windowMs: HOUR }, perIp: { limit: 1000, windowMs: HOUR } },
} as const satisfies Record<string, RateRule>;

export type RateRuleName = keyof typeof RATE_LIMITS;

/**
 * Overrides as an operator writes them (`STINT_RATE_LIMITS`): `rule.scope=limit/seconds`, comma
 * separated, e.g. `signup.perIp=20/3600,comment.perUser=30/600`. Throws naming what is wrong.
 */
export function parseRateOverrides(text: string): Record<string, RateRule> {
  const rules: Record<string, { perUser?: RateWindow; perIp?: RateWindow }> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\w+)\.(perUser|perIp)=(\d+)\/(\d+)$/.exec(part);
    if (!match || !Object.hasOwn(RATE_LIMITS, match[1]!))
      throw new Error(`"${part}" is not <rule>.<perUser|perIp>=<limit>/<seconds> with a rule of ${Object.keys(RATE_LIMITS).join(', ')}`);
    const rule = (rules[match[1]!] ??= {});
    rule[match[2] as 'perUser' | 'perIp'] = { limit: Number(match[3]), windowMs: Number(match[4]) * 1000 };
  }
  return rules;
}
