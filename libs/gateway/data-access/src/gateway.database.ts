import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { DatabaseModule, postgresPoolConfig } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The gateway service's Prisma client, bound to its own schema; also its injection token. */
export class GatewayDatabase extends PrismaClient {}

export function createGatewayDatabase(config: DatabaseConfig): GatewayDatabase {
  return new GatewayDatabase({
    adapter: new PrismaPg(postgresPoolConfig(config, 'gateway'), { schema: config.schema }),
  });
}

export const GatewayDataAccessModule = DatabaseModule.forClient({
  token: GatewayDatabase,
  create: createGatewayDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const GATEWAY_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
