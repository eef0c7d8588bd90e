import { COMPLIANCE_FILTER_MIGRATIONS_DIR } from '@parley/compliance-filter-data-access';
import { runMigrations } from '@parley/platform/bootstrap';

await runMigrations({ service: 'compliance-filter', migrationsDir: COMPLIANCE_FILTER_MIGRATIONS_DIR, env: process.env });
