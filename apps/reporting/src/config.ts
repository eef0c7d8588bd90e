import { adminFragment, composeConfig, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { DEFAULT_ALLOWED_LATENESS_SECONDS, DEFAULT_MAX_CLOCK_SKEW_SECONDS, DEFAULT_SERVICE_LEVEL_SECONDS } from '@parley/reporting-domain';
import { z } from 'zod';

const reportingFragment = defineConfigFragment({
  env: {
    // How often the watermark moves and changed rows are published; provisional rows are at most this stale on Kafka.
    REPORTING_PUBLISH_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    // How often the engine's state is saved whole; a new leader replays the inputs recorded since.
    REPORTING_SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(300_000),
    // How long after an instant events about it are still counted; rows become final this long after they end.
    REPORTING_ALLOWED_LATENESS_SECONDS: z.coerce.number().int().min(0).max(86_400).default(DEFAULT_ALLOWED_LATENESS_SECONDS),
    // Largest accepted gap between an event's time and its payload's, or its lead over this instance's clock.
    REPORTING_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(DEFAULT_MAX_CLOCK_SKEW_SECONDS),
    // The service-level threshold of a queue routing has not published one for.
    REPORTING_DEFAULT_SERVICE_LEVEL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_SERVICE_LEVEL_SECONDS),
    // How long published rows stay queryable here; BI keeps its own copy from the report topics.
    REPORTING_ROW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(400),
    // How often a standby instance tries to take the engine over.
    REPORTING_LEASE_RETRY_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  },
  build: (env) => ({
    reporting: {
      publishIntervalMs: env.REPORTING_PUBLISH_INTERVAL_MS,
      snapshotIntervalMs: env.REPORTING_SNAPSHOT_INTERVAL_MS,
      allowedLatenessSeconds: env.REPORTING_ALLOWED_LATENESS_SECONDS,
      maxClockSkewSeconds: env.REPORTING_MAX_CLOCK_SKEW_SECONDS,
      defaultServiceLevelSeconds: env.REPORTING_DEFAULT_SERVICE_LEVEL_SECONDS,
      rowRetentionDays: env.REPORTING_ROW_RETENTION_DAYS,
      leaseRetryMs: env.REPORTING_LEASE_RETRY_MS,
    },
  }),
});

export const reportingConfigSchema = composeConfig(...standardFragments('reporting', 3005), adminFragment, reportingFragment);

export type ReportingConfig = ConfigOf<typeof reportingConfigSchema>;
