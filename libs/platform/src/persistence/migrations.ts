import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { quoteIdentifier } from './postgres-pool.ts';

export interface MigrationOptions {
  databaseUrl: string;
  schema: string;
  /** A Prisma migrations folder: one sub-folder per migration holding migration.sql. */
  migrationsDir: string;
  log?: (message: string) => void;
}

export interface MigrationReport {
  schema: string;
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies a service's pending SQL migrations to its own schema, each in a transaction, under an advisory lock so
 * replicas starting together migrate once. Applied migrations are recorded in Prisma's `_prisma_migrations`
 * format, so `prisma migrate status` reads the same history; a migration edited after it ran stops the run.
 */
export async function applyMigrations(options: MigrationOptions): Promise<MigrationReport> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir);
  const schema = quoteIdentifier(options.schema);
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: `migrate:${options.schema}` });
  await client.connect();
  const report: MigrationReport = { schema: options.schema, applied: [], alreadyApplied: [] };
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`parley-migrations:${options.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}."_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM ${schema}."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const known = new Set(migrations.map((migration) => migration.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) {
        throw new MigrationError(`${options.schema}: the database has migration ${name}, which this build does not know`);
      }
    }
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(`${options.schema}: migration ${migration.name} was changed after it was applied`);
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${schema}`);
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO ${schema}."_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `${options.schema}: migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      log(`${options.schema}: applied ${migration.name}`);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`parley-migrations:${options.schema}`]).catch(() => {});
    await client.end();
  }
}
