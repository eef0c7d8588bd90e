import { adminFragment, composeConfig, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { z } from 'zod';

const routingFragment = defineConfigFragment({
  env: {
    // Offer timeouts, overflow, grace periods and quiet customers are noticed within one interval.
    ROUTING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
    // The most offers one assignment round writes; a full round is followed at once by another.
    ROUTING_ROUND_LIMIT: z.coerce.number().int().min(1).max(10_000).default(1_000),
    // How old an unpublished outbox entry must be before the relay takes it over from the instance that wrote it.
    ROUTING_OUTBOX_RELAY_AFTER_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    ROUTING_CONFIG_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  },
  build: (env) => ({
    routing: {
      sweepIntervalMs: env.ROUTING_SWEEP_INTERVAL_MS,
      roundLimit: env.ROUTING_ROUND_LIMIT,
      outboxRelayAfterMs: env.ROUTING_OUTBOX_RELAY_AFTER_MS,
      configCacheMs: env.ROUTING_CONFIG_CACHE_MS,
    },
  }),
});

export const routingConfigSchema = composeConfig(...standardFragments('routing', 3003), adminFragment, routingFragment);

export type RoutingConfig = ConfigOf<typeof routingConfigSchema>;
