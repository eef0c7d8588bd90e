import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '@parley/platform/config';
import { DatabaseModule, postgresPoolConfig } from '@parley/platform/persistence';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/prisma/client.ts';

/** The archive service's Prisma client, bound to its own schema; also its injection token. */
export class ArchiveDatabase extends PrismaClient {}

export function createArchiveDatabase(config: DatabaseConfig): ArchiveDatabase {
  return new ArchiveDatabase({
    adapter: new PrismaPg(postgresPoolConfig(config, 'archive'), { schema: config.schema }),
  });
}

export const ArchiveDataAccessModule = DatabaseModule.forClient({
  token: ArchiveDatabase,
  create: createArchiveDatabase,
});

/** The SQL migrations the service applies to its schema at deploy time. */
export const ARCHIVE_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
