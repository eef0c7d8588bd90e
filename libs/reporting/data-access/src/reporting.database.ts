import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { DatabaseModule, postgresPoolConfig } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The reporting service's Prisma client, bound to its own schema; also its injection token. */
export class ReportingDatabase extends PrismaClient {}

export function createReportingDatabase(config: DatabaseConfig): ReportingDatabase {
  return new ReportingDatabase({
    adapter: new PrismaPg(postgresPoolConfig(config, 'reporting'), { schema: config.schema }),
  });
}

export const ReportingDataAccessModule = DatabaseModule.forClient({
  token: ReportingDatabase,
  create: createReportingDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const REPORTING_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
