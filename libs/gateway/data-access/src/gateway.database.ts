import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { createPostgresPool, DatabaseModule, preparedStatementName } from '@parley/platform/persistence';
import type pg from 'pg';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The gateway service's Prisma client, bound to its own schema; also its injection token. */
export class GatewayDatabase extends PrismaClient {
  /** The same connections Prisma uses, for the few queries written in SQL. */
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool, schema: string) {
    super({
      adapter: new PrismaPg(pool, { schema, disposeExternalPool: true, statementNameGenerator: preparedStatementName }),
    });
    this.pool = pool;
  }
}

export function createGatewayDatabase(config: DatabaseConfig): GatewayDatabase {
  return new GatewayDatabase(createPostgresPool(config, 'gateway'), config.schema);
}

export const GatewayDataAccessModule = DatabaseModule.forClient({
  token: GatewayDatabase,
  create: createGatewayDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const GATEWAY_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
