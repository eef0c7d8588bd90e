import {
  composeConfig,
  databaseFragment,
  httpFragment,
  kafkaFragment,
  serviceFragment,
  telemetryFragment,
  type ConfigOf,
} from '@parley/platform/config';

export const archiveConfigSchema = composeConfig(
  serviceFragment('archive'),
  kafkaFragment,
  databaseFragment('archive'),
  httpFragment(3004),
  telemetryFragment,
);

export type ArchiveConfig = ConfigOf<typeof archiveConfigSchema>;
