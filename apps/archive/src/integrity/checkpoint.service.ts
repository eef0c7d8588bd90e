import { sealCheckpoint, type TenantCheckpoint } from '@parley/archive-domain';
import type { ArchiveStore } from '@parley/archive-data-access/store';

/** The most chain heads one checkpoint holds; a tenant with more sealed in one sweep gets several checkpoints. */
const HEADS_PER_CHECKPOINT = 5_000;

/** Seals a tenant's chains that grew since their last checkpoint into the tenant's next checkpoint. */
export class CheckpointService {
  private readonly store: ArchiveStore;

  constructor(store: ArchiveStore) {
    this.store = store;
  }

  /** The new checkpoint, or null when no chain of the tenant grew. */
  async sealTenant(tenantId: string, now = new Date()): Promise<TenantCheckpoint | null> {
    return this.store.inTransaction(async (transaction) => {
      await transaction.lockTenant(tenantId);
      const heads = await transaction.unsealedHeads(tenantId, HEADS_PER_CHECKPOINT);
      if (heads.length === 0) {
        return null;
      }
      const checkpoint = sealCheckpoint(await transaction.lastCheckpoint(tenantId), { tenantId, createdAt: now, heads });
      await transaction.insertCheckpoint(checkpoint);
      return checkpoint;
    });
  }
}
