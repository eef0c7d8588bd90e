import { runService } from '@parley/platform/bootstrap';
import { archiveConfigSchema } from './config.ts';

await runService({
  service: 'archive',
  configSchema: archiveConfigSchema,
  env: process.env,
  loadAppModule: async () => (await import('./app.module.ts')).AppModule,
});
