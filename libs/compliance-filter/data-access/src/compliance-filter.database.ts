import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { DatabaseModule, postgresPoolConfig } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The compliance-filter service's Prisma client, bound to its own schema; also its injection token. */
export class ComplianceFilterDatabase extends PrismaClient {}

export function createComplianceFilterDatabase(config: DatabaseConfig): ComplianceFilterDatabase {
  return new ComplianceFilterDatabase({
    adapter: new PrismaPg(postgresPoolConfig(config, 'compliance-filter'), { schema: config.schema }),
  });
}

export const ComplianceFilterDataAccessModule = DatabaseModule.forClient({
  token: ComplianceFilterDatabase,
  create: createComplianceFilterDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const COMPLIANCE_FILTER_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
