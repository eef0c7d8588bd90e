import { adminFragment, composeConfig, databaseFragment, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const archiveFragment = defineConfigFragment({
  env: {
    // How often each tenant's chains that grew are sealed into a checkpoint; a tamper after a checkpoint shows even if every hash was recomputed.
    ARCHIVE_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
    // How often the retention job looks for conversations past their tenant's retention.
    ARCHIVE_PURGE_INTERVAL_MS: z.coerce.number().int().min(100).max(604_800_000).default(3_600_000),
    // Monthly partitions of the records table kept ready ahead of the current month.
    ARCHIVE_PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
    // Where eDiscovery export files are written, one folder per tenant and export; shared storage when there are replicas.
    ARCHIVE_EXPORT_DIR: z.string().trim().min(1).default(join(tmpdir(), 'parley-archive-exports')),
  },
  build: (env) => ({
    archive: {
      checkpointIntervalMs: env.ARCHIVE_CHECKPOINT_INTERVAL_MS,
      purgeIntervalMs: env.ARCHIVE_PURGE_INTERVAL_MS,
      partitionMonthsAhead: env.ARCHIVE_PARTITION_MONTHS_AHEAD,
      exportDir: env.ARCHIVE_EXPORT_DIR,
    },
  }),
});

export const archiveConfigSchema = composeConfig(...standardFragments('archive', 3004), adminFragment, archiveFragment);

export type ArchiveConfig = ConfigOf<typeof archiveConfigSchema>;

/** What the verify command needs: only the database. */
export const archiveVerifyConfigSchema = composeConfig(databaseFragment('archive'));
