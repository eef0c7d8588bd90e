import { ARCHIVE_MIGRATIONS_DIR } from '@parley/archive-data-access';
import { runMigrations } from '@parley/platform/bootstrap';

await runMigrations({ service: 'archive', migrationsDir: ARCHIVE_MIGRATIONS_DIR, env: process.env });
