import {
  composeConfig,
  databaseFragment,
  httpFragment,
  kafkaFragment,
  serviceFragment,
  telemetryFragment,
  type ConfigOf,
} from '@parley/platform/config';

export const ivrMenuConfigSchema = composeConfig(
  serviceFragment('ivr-menu'),
  kafkaFragment,
  databaseFragment('ivr_menu'),
  httpFragment(3002),
  telemetryFragment,
);

export type IvrMenuConfig = ConfigOf<typeof ivrMenuConfigSchema>;
