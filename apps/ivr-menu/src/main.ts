import { runService } from '@parley/platform/bootstrap';
import { ivrMenuConfigSchema } from './config.ts';

await runService({
  service: 'ivr-menu',
  configSchema: ivrMenuConfigSchema,
  env: process.env,
  loadAppModule: async () => (await import('./app.module.ts')).AppModule,
});
