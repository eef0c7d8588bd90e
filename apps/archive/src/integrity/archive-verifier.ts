import {
  purgedChainHeads,
  purgeRecordHash,
  verifyChain,
  verifyCheckpointHeads,
  verifyCheckpoints,
  type ArchiveRecord,
  type BrokenCheckpoint,
  type BrokenLink,
  type TenantCheckpoint,
} from '@parley/archive-domain';
import type { ArchiveStore } from '@parley/archive-data-access/store';

export interface BrokenChain extends BrokenLink {
  chainId: string;
}

export interface ArchiveVerification {
  tenantId: string;
  ok: boolean;
  chains: { verified: number; records: number; broken: BrokenChain[] };
  checkpoints: { verified: number; broken: BrokenCheckpoint | null };
  purges: { verified: number; broken: { purgeId: string; detail: string } | null };
  /** The first problem in reading order, for people: chains by id, then checkpoints, then purge records. */
  firstBroken: string | null;
}

/**
 * Recomputes a tenant's chains (or one of them) from what is stored, then its checkpoints and purge records, and names
 * the first broken link of each chain. It reads only; it has no framework decorators so the CLI can run it too.
 */
export class ArchiveVerifier {
  private readonly store: ArchiveStore;

  constructor(store: ArchiveStore) {
    this.store = store;
  }

  async verifyTenant(tenantId: string): Promise<ArchiveVerification> {
    return this.#verify(tenantId, await this.store.chainIds(tenantId), null);
  }

  /** One conversation's chain, and the checkpoints' heads for it. */
  async verifyConversation(tenantId: string, conversationId: string): Promise<ArchiveVerification> {
    return this.#verify(tenantId, [conversationId], conversationId);
  }

  async #verify(tenantId: string, chainIds: readonly string[], onlyChain: string | null): Promise<ArchiveVerification> {
    const chains = new Map<string, readonly ArchiveRecord[]>();
    const broken: BrokenChain[] = [];
    let records = 0;
    for (const chainId of chainIds) {
      const [stored, texts] = await Promise.all([this.store.chainRecords(tenantId, chainId), this.store.chainTexts(tenantId, chainId)]);
      const result = verifyChain(stored, texts);
      records += stored.length;
      if (!result.ok) {
        broken.push({ chainId, ...result.broken });
      }
      if (stored.length > 0) {
        chains.set(chainId, stored);
      }
    }
    const checkpoints = await this.store.checkpoints(tenantId);
    const purges = await this.store.purgeRecords(tenantId);
    const checkpointResult = this.#verifyCheckpoints(checkpoints, chains, purges, onlyChain);
    const brokenPurge = purges.find((purge) => purgeRecordHash(purge) !== purge.hash);
    const purgeResult = brokenPurge === undefined ? null : { purgeId: brokenPurge.purgeId, detail: 'the purge record no longer hashes to its stored hash' };
    const firstChain = broken[0];
    const firstBroken =
      firstChain !== undefined
        ? `chain ${firstChain.chainId}: record ${firstChain.sequence} (${firstChain.recordId}) ${firstChain.reason}: ${firstChain.detail}`
        : checkpointResult.broken !== null
          ? `checkpoint ${checkpointResult.broken.checkpointSequence}${checkpointResult.broken.conversationId === undefined ? '' : ` (${checkpointResult.broken.conversationId})`} ${checkpointResult.broken.reason}: ${checkpointResult.broken.detail}`
          : purgeResult !== null
            ? `purge ${purgeResult.purgeId}: ${purgeResult.detail}`
            : null;
    return {
      tenantId,
      ok: firstBroken === null,
      chains: { verified: chainIds.length - broken.length, records, broken },
      checkpoints: checkpointResult,
      purges: { verified: purges.length - (purgeResult === null ? 0 : 1), broken: purgeResult },
      firstBroken,
    };
  }

  #verifyCheckpoints(
    checkpoints: readonly TenantCheckpoint[],
    chains: ReadonlyMap<string, readonly ArchiveRecord[]>,
    purges: Parameters<typeof purgedChainHeads>[0],
    onlyChain: string | null,
  ): { verified: number; broken: BrokenCheckpoint | null } {
    const sequence = verifyCheckpoints(checkpoints);
    if (!sequence.ok) {
      return { verified: sequence.checkpoints, broken: sequence.broken };
    }
    const purged = purgedChainHeads(purges);
    for (const checkpoint of checkpoints) {
      const scoped = onlyChain === null ? checkpoint : { ...checkpoint, heads: checkpoint.heads.filter((head) => head.conversationId === onlyChain) };
      const heads = verifyCheckpointHeads(scoped, chains, purged);
      if (!heads.ok) {
        return { verified: checkpoint.checkpointSequence - 1, broken: heads.broken };
      }
    }
    return { verified: checkpoints.length, broken: null };
  }
}
