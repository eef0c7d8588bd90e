import { ROUTING_MIGRATIONS_DIR } from '@parley/routing-data-access';
import { runMigrations } from '@parley/platform/bootstrap';

await runMigrations({ service: 'routing', migrationsDir: ROUTING_MIGRATIONS_DIR, env: process.env });
