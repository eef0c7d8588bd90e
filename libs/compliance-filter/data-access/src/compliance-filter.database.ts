import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { createPostgresPool, DatabaseModule, preparedStatementName } from '@parley/platform/persistence';
import type pg from 'pg';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The compliance-filter service's Prisma client, bound to its own schema; also its injection token. */
export class ComplianceFilterDatabase extends PrismaClient {
  /** The same connections Prisma uses, for the few queries written in SQL. */
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool, schema: string) {
    super({
      adapter: new PrismaPg(pool, { schema, disposeExternalPool: true, statementNameGenerator: preparedStatementName }),
    });
    this.pool = pool;
  }
}

export function createComplianceFilterDatabase(config: DatabaseConfig): ComplianceFilterDatabase {
  return new ComplianceFilterDatabase(createPostgresPool(config, 'compliance-filter'), config.schema);
}

export const ComplianceFilterDataAccessModule = DatabaseModule.forClient({
  token: ComplianceFilterDatabase,
  create: createComplianceFilterDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const COMPLIANCE_FILTER_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
