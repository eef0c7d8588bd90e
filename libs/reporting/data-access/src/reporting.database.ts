import type { DatabaseConfig } from '@parley/platform/config';
import { createPostgresPool, DatabaseModule, PoolDatabase } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';

/**
 * The reporting service's database, bound to its own schema; also its injection token. Every statement reporting
 * sends is SQL Prisma cannot express (advisory-lock leases, set-wise jsonb upserts), so it runs on the pool alone and
 * the service does not load a Prisma client; prisma/schema.prisma still describes its tables.
 */
export class ReportingDatabase extends PoolDatabase {}

export function createReportingDatabase(config: DatabaseConfig): ReportingDatabase {
  return new ReportingDatabase(createPostgresPool(config, 'reporting'));
}

export const ReportingDataAccessModule = DatabaseModule.forClient({
  token: ReportingDatabase,
  create: createReportingDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const REPORTING_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
