import { composeConfig, standardFragments, type ConfigOf } from '@parley/platform/config';

export const reportingConfigSchema = composeConfig(...standardFragments('reporting', 3005));

export type ReportingConfig = ConfigOf<typeof reportingConfigSchema>;
