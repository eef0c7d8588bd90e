import { adminFragment, composeConfig, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { z } from 'zod';

const frontDoorFragment = defineConfigFragment({
  env: {
    FRONT_DOOR_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    FRONT_DOOR_CONFIG_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  },
  build: (env) => ({
    frontDoor: { sweepIntervalMs: env.FRONT_DOOR_SWEEP_INTERVAL_MS, configCacheMs: env.FRONT_DOOR_CONFIG_CACHE_MS },
  }),
});

export const ivrMenuConfigSchema = composeConfig(...standardFragments('ivr-menu', 3002), adminFragment, frontDoorFragment);

export type IvrMenuConfig = ConfigOf<typeof ivrMenuConfigSchema>;
