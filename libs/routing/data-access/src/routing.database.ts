import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { DatabaseModule, postgresPoolConfig } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The routing service's Prisma client, bound to its own schema; also its injection token. */
export class RoutingDatabase extends PrismaClient {}

export function createRoutingDatabase(config: DatabaseConfig): RoutingDatabase {
  return new RoutingDatabase({
    adapter: new PrismaPg(postgresPoolConfig(config, 'routing'), { schema: config.schema }),
  });
}

export const RoutingDataAccessModule = DatabaseModule.forClient({
  token: RoutingDatabase,
  create: createRoutingDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const ROUTING_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
