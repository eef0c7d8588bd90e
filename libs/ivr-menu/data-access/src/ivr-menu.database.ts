import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { DatabaseModule, postgresPoolConfig } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The ivr-menu service's Prisma client, bound to its own schema; also its injection token. */
export class IvrMenuDatabase extends PrismaClient {}

export function createIvrMenuDatabase(config: DatabaseConfig): IvrMenuDatabase {
  return new IvrMenuDatabase({
    adapter: new PrismaPg(postgresPoolConfig(config, 'ivr-menu'), { schema: config.schema }),
  });
}

export const IvrMenuDataAccessModule = DatabaseModule.forClient({
  token: IvrMenuDatabase,
  create: createIvrMenuDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const IVR_MENU_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
