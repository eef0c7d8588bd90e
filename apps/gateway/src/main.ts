import { runService } from '@parley/platform/bootstrap';
import { gatewayConfigSchema } from './config.ts';

await runService({
  service: 'gateway',
  configSchema: gatewayConfigSchema,
  env: process.env,
  loadAppModule: async () => (await import('./app.module.ts')).AppModule,
});
