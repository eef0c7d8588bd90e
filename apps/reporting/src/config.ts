import {
  composeConfig,
  databaseFragment,
  httpFragment,
  kafkaFragment,
  serviceFragment,
  telemetryFragment,
  type ConfigOf,
} from '@parley/platform/config';

export const reportingConfigSchema = composeConfig(
  serviceFragment('reporting'),
  kafkaFragment,
  databaseFragment('reporting'),
  httpFragment(3005),
  telemetryFragment,
);

export type ReportingConfig = ConfigOf<typeof reportingConfigSchema>;
