import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isServiceName } from '@parley/contracts';
import { defaultSchemaOf } from '@parley/platform/config';
import { applyMigrations, type MigrationReport } from '@parley/platform/migrations';

export interface ServiceSchema {
  service: string;
  schema: string;
  migrationsDir: string;
}

/** Each service's data-access library and the Postgres schema it owns (the service name, snake_cased). */
export function serviceSchemas(repoRoot: string): ServiceSchema[] {
  return readdirSync(join(repoRoot, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, 'libs', entry.name, 'data-access', 'prisma', 'migrations')))
    .map((entry) => entry.name)
    .filter(isServiceName)
    .map((service) => ({
      service,
      schema: defaultSchemaOf(service),
      migrationsDir: join(repoRoot, 'libs', service, 'data-access', 'prisma', 'migrations'),
    }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

export async function migrateAll(repoRoot: string, databaseUrl: string): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = [];
  for (const target of serviceSchemas(repoRoot)) {
    reports.push(await applyMigrations({ databaseUrl, schema: target.schema, migrationsDir: target.migrationsDir }));
  }
  return reports;
}
