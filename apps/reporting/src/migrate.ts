import { REPORTING_MIGRATIONS_DIR } from '@parley/reporting-data-access';
import { runMigrations } from '@parley/platform/bootstrap';

await runMigrations({ service: 'reporting', migrationsDir: REPORTING_MIGRATIONS_DIR, env: process.env });
