import { randomUUID } from 'node:crypto';
import {
  describePurge,
  legalHoldSchema,
  purgeDecision,
  type LegalHold,
  type PurgeBlocker,
  type PurgeDecision,
  type RetentionPolicy,
} from '@parley/archive-domain';
import type { ArchiveStore, ChainSummary } from '@parley/archive-data-access/store';
import { DomainError } from '@parley/contracts';

const DAY_MS = 86_400_000;
/** Chains one purge transaction decides on and removes; the job goes on in batches until none is left. */
const PURGE_BATCH = 200;

export type HoldRequest =
  | { scope: 'conversation'; conversationId: string; reason: string; placedBy: string }
  | { scope: 'customer'; customerNumber: string; reason: string; placedBy: string }
  | { scope: 'tenant'; reason: string; placedBy: string };

export interface PurgeSummary {
  tenantId: string;
  purgeIds: string[];
  purged: { conversations: number; records: number; texts: number };
  held: { chainId: string; holdIds: string[] }[];
}

/**
 * Retention, legal holds and the purge job. Every change of retention or holds and every purge is written to the
 * audit log in the same transaction as the change.
 */
export class RetentionService {
  private readonly store: ArchiveStore;

  constructor(store: ArchiveStore) {
    this.store = store;
  }

  async policy(tenantId: string): Promise<{ policy: RetentionPolicy; isDefault: boolean }> {
    return this.store.retentionPolicy(tenantId);
  }

  async setPolicy(tenantId: string, policy: RetentionPolicy, actor: string): Promise<void> {
    const before = await this.store.retentionPolicy(tenantId);
    await this.store.inTransaction(async (transaction) => {
      await transaction.saveRetention(tenantId, policy, actor);
      await transaction.audit({ tenantId, action: 'retention.changed', actor, details: { from: before.policy, to: policy } });
    });
  }

  async placeHold(tenantId: string, request: HoldRequest, now = new Date()): Promise<LegalHold> {
    const hold = legalHoldSchema.parse({ ...request, holdId: `hold_${randomUUID().replaceAll('-', '')}`, tenantId, placedAt: now.toISOString() });
    await this.store.inTransaction(async (transaction) => {
      await transaction.insertHold(hold);
      await transaction.audit({ tenantId, action: 'hold.placed', actor: hold.placedBy, details: holdDetails(hold) });
    });
    return hold;
  }

  async releaseHold(tenantId: string, holdId: string, releasedBy: string, now = new Date()): Promise<LegalHold> {
    return this.store.inTransaction(async (transaction) => {
      const hold = await transaction.lockHold(tenantId, holdId);
      if (hold === undefined) {
        throw new DomainError('not-found', 'archive.hold-not-found', `No legal hold ${holdId} in this tenant.`);
      }
      if (hold.releasedAt !== undefined) {
        throw new DomainError('conflict', 'archive.hold-already-released', `The legal hold ${holdId} was already released at ${hold.releasedAt}.`);
      }
      const released = legalHoldSchema.parse({ ...hold, releasedAt: now.toISOString(), releasedBy });
      await transaction.releaseHold(tenantId, holdId, releasedBy, now);
      await transaction.audit({ tenantId, action: 'hold.released', actor: releasedBy, details: holdDetails(released) });
      return released;
    });
  }

  async holds(tenantId: string): Promise<LegalHold[]> {
    return this.store.holds(tenantId);
  }

  /**
   * Purges every chain of the tenant past its retention that no active hold covers, leaving one purge record per
   * batch; chains kept only by a hold are reported and audited.
   */
  async purgeTenant(tenantId: string, actor: string, now = new Date()): Promise<PurgeSummary> {
    const { policy } = await this.store.retentionPolicy(tenantId);
    // No calendar year is shorter than 365 days, so nothing purgeable is active after this; the domain decides exactly.
    const activeBefore = new Date(now.getTime() - ((policy.years ?? 0) * 365 + (policy.days ?? 0)) * DAY_MS);
    const summary: PurgeSummary = { tenantId, purgeIds: [], purged: { conversations: 0, records: 0, texts: 0 }, held: [] };
    let after: { lastActivityAt: Date; chainId: string } | null = null;
    for (;;) {
      const batch = await this.store.inTransaction(async (transaction) => {
        await transaction.lockTenant(tenantId);
        const holds = await transaction.holds(tenantId);
        const chains = await transaction.lockPurgeCandidates(tenantId, activeBefore, after, PURGE_BATCH);
        const purgeable: { decision: PurgeDecision; head: { sequence: number; hash: string }; texts: number }[] = [];
        const held: { chainId: string; holdIds: string[] }[] = [];
        for (const chain of chains) {
          const decision = decide(chain, policy, holds, now);
          if (decision.purgeable) {
            purgeable.push({ decision, head: { sequence: chain.headSequence, hash: chain.headHash }, texts: await transaction.textCount(tenantId, chain.chainId) });
          } else {
            const holdIds = decision.blockedBy.flatMap((blocker: PurgeBlocker) => (blocker.code === 'legal-hold' ? [blocker.holdId] : []));
            if (holdIds.length > 0) {
              held.push({ chainId: chain.chainId, holdIds: [...new Set(holdIds)] });
            }
          }
        }
        if (purgeable.length > 0) {
          const record = describePurge({ purgeId: `purge_${randomUUID().replaceAll('-', '')}`, tenantId, purgedAt: now, policy, conversations: purgeable });
          await transaction.purge(record);
          await transaction.audit({
            tenantId,
            action: 'purge.completed',
            actor,
            details: { purgeId: record.purgeId, hash: record.hash, totals: record.totals, chains: record.conversations.map((entry) => entry.conversationId) },
          });
          summary.purgeIds.push(record.purgeId);
          summary.purged.conversations += record.totals.conversations;
          summary.purged.records += record.totals.records;
          summary.purged.texts += record.totals.texts;
        }
        if (held.length > 0) {
          await transaction.audit({ tenantId, action: 'purge.blocked', actor, details: { held } });
          summary.held.push(...held);
        }
        const last = chains.at(-1);
        return { size: chains.length, last };
      });
      if (batch.size < PURGE_BATCH || batch.last === undefined) {
        return summary;
      }
      after = { lastActivityAt: batch.last.lastActivityAt, chainId: batch.last.chainId };
    }
  }
}

/** A chain may be purged only if it may be for every customer number it holds (a tenant log can hold several). */
function decide(chain: ChainSummary, policy: RetentionPolicy, holds: readonly LegalHold[], now: Date): PurgeDecision {
  const numbers: (string | null)[] = chain.customerNumbers.length > 0 ? chain.customerNumbers : [null];
  const decisions = numbers.map((customerNumber) =>
    purgeDecision({ tenantId: chain.tenantId, conversationId: chain.chainId, customerNumber, lastActivityAt: chain.lastActivityAt }, policy, holds, now),
  );
  return decisions.find((decision) => !decision.purgeable) ?? (decisions[0] as PurgeDecision);
}

/** What the audit log keeps about a hold: ids and scope, not the customer's number (the hold row has it). */
function holdDetails(hold: LegalHold): Record<string, unknown> {
  return {
    holdId: hold.holdId,
    scope: hold.scope,
    ...(hold.scope === 'conversation' ? { conversationId: hold.conversationId } : {}),
    reason: hold.reason,
    ...(hold.releasedAt === undefined ? {} : { releasedAt: hold.releasedAt }),
  };
}
