import { runService } from '@parley/platform/bootstrap';
import { routingConfigSchema } from './config.ts';

await runService({
  service: 'routing',
  configSchema: routingConfigSchema,
  env: process.env,
  loadAppModule: async () => (await import('./app.module.ts')).AppModule,
});
