import { runService } from '@parley/platform/bootstrap';
import { complianceFilterConfigSchema } from './config.ts';

await runService({
  service: 'compliance-filter',
  configSchema: complianceFilterConfigSchema,
  env: process.env,
  loadAppModule: async () => (await import('./app.module.ts')).AppModule,
});
