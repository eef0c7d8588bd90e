import { IVR_MENU_MIGRATIONS_DIR } from '@parley/ivr-menu-data-access';
import { runMigrations } from '@parley/platform/bootstrap';

await runMigrations({ service: 'ivr-menu', migrationsDir: IVR_MENU_MIGRATIONS_DIR, env: process.env });
