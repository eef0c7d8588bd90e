import { z } from 'zod';

export const MAX_RETENTION_YEARS = 100;
const DAYS_PER_YEAR = 365.25;
const DAY_MS = 86_400_000;

/** What a tenant keeps when it configured nothing. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { years: 7 };

/**
 * How long a tenant keeps a conversation after its last activity, as whole years plus days (at least one day,
 * at most 100 years); a tenant with no policy (`undefined`) gets seven years.
 */
export const retentionPolicySchema = z
  .strictObject({
    years: z.number().int().min(0).max(MAX_RETENTION_YEARS).optional(),
    days: z.number().int().min(0).max(Math.floor(MAX_RETENTION_YEARS * DAYS_PER_YEAR)).optional(),
  })
  .refine((policy) => (policy.years ?? 0) + (policy.days ?? 0) >= 1, { error: 'retention must be at least one day' })
  .refine((policy) => (policy.years ?? 0) * DAYS_PER_YEAR + (policy.days ?? 0) <= MAX_RETENTION_YEARS * DAYS_PER_YEAR, {
    error: `retention must be at most ${MAX_RETENTION_YEARS} years`,
  })
  .default(() => ({ ...DEFAULT_RETENTION_POLICY }));

export interface RetentionPolicy {
  years?: number;
  days?: number;
}

/**
 * The first instant a conversation may be purged: calendar years then days after its last activity, in UTC.
 * A 29 February plus whole years lands on 1 March in a common year, which errs on keeping a day longer.
 */
export function retainUntil(lastActivityAt: Date, policy: RetentionPolicy): Date {
  const until = new Date(lastActivityAt.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + (policy.years ?? 0));
  return new Date(until.getTime() + (policy.days ?? 0) * DAY_MS);
}
