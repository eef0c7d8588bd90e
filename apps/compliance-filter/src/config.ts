import {
  composeConfig,
  databaseFragment,
  httpFragment,
  kafkaFragment,
  serviceFragment,
  telemetryFragment,
  type ConfigOf,
} from '@parley/platform/config';

export const complianceFilterConfigSchema = composeConfig(
  serviceFragment('compliance-filter'),
  kafkaFragment,
  databaseFragment('compliance_filter'),
  httpFragment(3001),
  telemetryFragment,
);

export type ComplianceFilterConfig = ConfigOf<typeof complianceFilterConfigSchema>;
