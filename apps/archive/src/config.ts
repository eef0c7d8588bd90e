import { composeConfig, standardFragments, type ConfigOf } from '@parley/platform/config';

export const archiveConfigSchema = composeConfig(...standardFragments('archive', 3004));

export type ArchiveConfig = ConfigOf<typeof archiveConfigSchema>;
