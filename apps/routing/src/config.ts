import {
  composeConfig,
  databaseFragment,
  httpFragment,
  kafkaFragment,
  serviceFragment,
  telemetryFragment,
  type ConfigOf,
} from '@parley/platform/config';

export const routingConfigSchema = composeConfig(
  serviceFragment('routing'),
  kafkaFragment,
  databaseFragment('routing'),
  httpFragment(3003),
  telemetryFragment,
);

export type RoutingConfig = ConfigOf<typeof routingConfigSchema>;
