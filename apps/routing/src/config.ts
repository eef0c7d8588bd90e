import { composeConfig, standardFragments, type ConfigOf } from '@parley/platform/config';

export const routingConfigSchema = composeConfig(...standardFragments('routing', 3003));

export type RoutingConfig = ConfigOf<typeof routingConfigSchema>;
