import { runService } from '@parley/platform/bootstrap';
import { reportingConfigSchema } from './config.ts';

await runService({
  service: 'reporting',
  configSchema: reportingConfigSchema,
  env: process.env,
  loadAppModule: async () => (await import('./app.module.ts')).AppModule,
});
