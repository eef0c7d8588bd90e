import { composeConfig, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { z } from 'zod';

const adminFragment = defineConfigFragment({
  env: {
    PARLEY_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  },
  build: (env) => ({ admin: { token: env.PARLEY_ADMIN_TOKEN } }),
});

export const gatewayConfigSchema = composeConfig(...standardFragments('gateway', 3000), adminFragment);

export type GatewayConfig = ConfigOf<typeof gatewayConfigSchema>;
