import { composeConfig, standardFragments, type ConfigOf } from '@parley/platform/config';

export const complianceFilterConfigSchema = composeConfig(...standardFragments('compliance-filter', 3001));

export type ComplianceFilterConfig = ConfigOf<typeof complianceFilterConfigSchema>;
