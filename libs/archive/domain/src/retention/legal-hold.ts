import { e164Schema, opaqueIdSchema } from '@parley/contracts';
import { z } from 'zod';

export const HOLD_SCOPES = ['conversation', 'customer', 'tenant'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

const at = z.iso.datetime({ offset: true });

const holdFields = {
  holdId: opaqueIdSchema,
  tenantId: opaqueIdSchema,
  /** Who placed the hold: the user's id, never a name or address. */
  placedBy: opaqueIdSchema,
  /** Why: the matter or request the hold serves, for the people who will later lift it. */
  reason: z.string().trim().min(1).max(500),
  placedAt: at,
  releasedAt: at.optional(),
  releasedBy: opaqueIdSchema.optional(),
};

/**
 * A legal hold suspends purging for one conversation, every conversation with one customer number, or a whole
 * tenant, from `placedAt` until it is released.
 */
export const legalHoldSchema = z
  .discriminatedUnion('scope', [
    z.strictObject({ ...holdFields, scope: z.literal('conversation'), conversationId: opaqueIdSchema }),
    z.strictObject({ ...holdFields, scope: z.literal('customer'), customerNumber: e164Schema }),
    z.strictObject({ ...holdFields, scope: z.literal('tenant') }),
  ])
  .refine((hold) => (hold.releasedAt === undefined) === (hold.releasedBy === undefined), {
    error: 'a released hold says who released it, and only a released one',
    path: ['releasedBy'],
  })
  .refine((hold) => hold.releasedAt === undefined || Date.parse(hold.releasedAt) > Date.parse(hold.placedAt), {
    error: 'a hold is released after it was placed',
    path: ['releasedAt'],
  });

export type LegalHold = z.infer<typeof legalHoldSchema>;

/** Whether the hold is in force at `now`: placed at or before it and not yet released. */
export function isHoldActive(hold: Pick<LegalHold, 'placedAt' | 'releasedAt'>, now: Date): boolean {
  const time = now.getTime();
  return Date.parse(hold.placedAt) <= time && (hold.releasedAt === undefined || time < Date.parse(hold.releasedAt));
}
