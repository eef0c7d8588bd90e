import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ArchiveStore } from '@parley/archive-data-access/store';
import { APP_CONFIG } from '@parley/platform/config';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { ArchiveConfig } from '../config.ts';
import { RetentionService } from '../retention/retention.service.ts';
import { CheckpointService } from './checkpoint.service.ts';

const TENANTS_PER_SWEEP = 1_000;
const DAY_MS = 86_400_000;

/**
 * The archive's clock: keeps the records table's monthly partitions ready, seals checkpoints for tenants whose
 * chains grew, and runs the retention job. Every instance sweeps; per-tenant locks keep them from doubling up.
 */
@Injectable()
export class ArchiveSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ArchiveStore,
    private readonly checkpoints: CheckpointService,
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: ArchiveConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.#schedule('partitions', DAY_MS, () => this.ensurePartitions(), true);
    this.#schedule('checkpoints', this.config.archive.checkpointIntervalMs, () => this.sealCheckpoints());
    this.#schedule('retention', this.config.archive.purgeIntervalMs, () => this.purgeExpired());
  }

  async onModuleDestroy(): Promise<void> {
    for (const timer of this.#timers) {
      clearInterval(timer);
    }
    await Promise.all(this.#running.values());
  }

  async ensurePartitions(now = new Date()): Promise<void> {
    const created = await this.store.ensurePartitions(now, this.config.archive.partitionMonthsAhead + 1);
    if (created > 0) {
      this.logger.info({ created }, 'archive record partitions created');
    }
  }

  async sealCheckpoints(now = new Date()): Promise<void> {
    for (const tenantId of await this.store.tenantsWithUnsealedChains(TENANTS_PER_SWEEP)) {
      await this.checkpoints.sealTenant(tenantId, now);
    }
  }

  async purgeExpired(now = new Date()): Promise<void> {
    // One day is the shortest retention, so a tenant with nothing quiet for a day has nothing to purge.
    for (const tenantId of await this.store.tenantsWithQuietChains(new Date(now.getTime() - DAY_MS), TENANTS_PER_SWEEP)) {
      const summary = await this.retention.purgeTenant(tenantId, 'retention-job', now);
      if (summary.purgeIds.length > 0) {
        this.logger.info({ tenantId, purged: summary.purged, purgeIds: summary.purgeIds }, 'archive purge completed');
      }
    }
  }

  #schedule(name: string, intervalMs: number, step: () => Promise<void>, runNow = false): void {
    const run = (): void => {
      if (this.#running.has(name)) {
        return;
      }
      const running = step()
        .catch((error: unknown) => this.logger.warn({ err: error, step: name }, 'archive sweep step failed; the next sweep retries'))
        .finally(() => this.#running.delete(name));
      this.#running.set(name, running);
    };
    const timer = setInterval(run, intervalMs);
    timer.unref();
    this.#timers.push(timer);
    if (runNow) {
      run();
    }
  }
}
