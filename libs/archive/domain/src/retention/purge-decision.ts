import { canonicalInstant } from '../chain/canonical-json.ts';
import { isHoldActive, type HoldScope, type LegalHold } from './legal-hold.ts';
import { retainUntil, type RetentionPolicy } from './retention-policy.ts';

/** The facts about a conversation that decide whether it may be purged. */
export interface PurgeCandidate {
  tenantId: string;
  conversationId: string;
  /** The customer's E.164 number, or null when the conversation has none. */
  customerNumber: string | null;
  /** When the conversation's newest record occurred; retention runs from here. */
  lastActivityAt: string | Date;
}

export type PurgeBlocker =
  | { code: 'retention-not-elapsed'; retainUntil: string }
  | { code: 'legal-hold'; scope: HoldScope; holdId: string };

export type PurgeDecision =
  | { purgeable: true; tenantId: string; conversationId: string; retainUntil: string }
  | { purgeable: false; tenantId: string; conversationId: string; retainUntil: string; blockedBy: [PurgeBlocker, ...PurgeBlocker[]] };

/**
 * Whether a conversation may be purged at `now`: its retention must have elapsed and no active hold of its own
 * tenant may cover it. Every blocker is listed, retention first, then holds in the order given.
 */
export function purgeDecision(conversation: PurgeCandidate, policy: RetentionPolicy, holds: readonly LegalHold[], now: Date): PurgeDecision {
  const until = retainUntil(new Date(canonicalInstant(conversation.lastActivityAt)), policy);
  const blockers: PurgeBlocker[] = [];
  if (now.getTime() < until.getTime()) {
    blockers.push({ code: 'retention-not-elapsed', retainUntil: until.toISOString() });
  }
  for (const hold of holds) {
    if (hold.tenantId === conversation.tenantId && isHoldActive(hold, now) && holdCovers(hold, conversation)) {
      blockers.push({ code: 'legal-hold', scope: hold.scope, holdId: hold.holdId });
    }
  }
  const decided = { tenantId: conversation.tenantId, conversationId: conversation.conversationId, retainUntil: until.toISOString() };
  const [first, ...rest] = blockers;
  return first === undefined ? { purgeable: true, ...decided } : { purgeable: false, ...decided, blockedBy: [first, ...rest] };
}

function holdCovers(hold: LegalHold, conversation: PurgeCandidate): boolean {
  switch (hold.scope) {
    case 'tenant':
      return true;
    case 'customer':
      return conversation.customerNumber !== null && hold.customerNumber === conversation.customerNumber;
    case 'conversation':
      return hold.conversationId === conversation.conversationId;
  }
}
