import { GATEWAY_MIGRATIONS_DIR } from '@parley/gateway-data-access';
import { runMigrations } from '@parley/platform/bootstrap';

await runMigrations({ service: 'gateway', migrationsDir: GATEWAY_MIGRATIONS_DIR, env: process.env });
