import { adminFragment, composeConfig, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { z } from 'zod';

const screeningFragment = defineConfigFragment({
  env: {
    SCREENING_SPLIT_CARD_WINDOW_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
  },
  build: (env) => ({
    screening: { splitCardWindowMs: env.SCREENING_SPLIT_CARD_WINDOW_MS },
  }),
});

export const complianceFilterConfigSchema = composeConfig(...standardFragments('compliance-filter', 3001), adminFragment, screeningFragment);

export type ComplianceFilterConfig = ConfigOf<typeof complianceFilterConfigSchema>;
