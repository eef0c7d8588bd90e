import { composeConfig, standardFragments, type ConfigOf } from '@parley/platform/config';

export const ivrMenuConfigSchema = composeConfig(...standardFragments('ivr-menu', 3002));

export type IvrMenuConfig = ConfigOf<typeof ivrMenuConfigSchema>;
