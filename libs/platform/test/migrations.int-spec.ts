import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError } from '../src/persistence/migrations.ts';
import { testEnvironment } from '../src/testing/index.ts';

const { databaseUrl } = testEnvironment();

describe('applyMigrations', () => {
  const schema = `migrations_${randomUUID().slice(0, 8)}`;
  const sql = new pg.Client({ connectionString: databaseUrl });
  let dir: string;

  async function writeMigration(name: string, body: string): Promise<void> {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'migration.sql'), body);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-migrations-'));
    await sql.connect();
  });

  afterAll(async () => {
    await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies pending migrations in order, into the service schema, once', async () => {
    await writeMigration('20260101000000_things', 'CREATE TABLE things (id TEXT PRIMARY KEY);');
    await writeMigration('20260102000000_thing_names', 'ALTER TABLE things ADD COLUMN name TEXT;');

    const first = await applyMigrations({ databaseUrl, schema, migrationsDir: dir });
    expect(first.applied).toEqual(['20260101000000_things', '20260102000000_thing_names']);
    const second = await applyMigrations({ databaseUrl, schema, migrationsDir: dir });
    expect(second).toEqual({ schema, applied: [], alreadyApplied: first.applied });

    const columns = await sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'things' ORDER BY ordinal_position`,
      [schema],
    );
    expect(columns.rows.map((row) => row.column_name)).toEqual(['id', 'name']);
    const history = await sql.query(`SELECT migration_name, finished_at IS NOT NULL AS done FROM ${schema}._prisma_migrations ORDER BY migration_name`);
    expect(history.rows).toEqual([
      { migration_name: '20260101000000_things', done: true },
      { migration_name: '20260102000000_thing_names', done: true },
    ]);
  });

  it('leaves nothing half-applied when a migration fails', async () => {
    await writeMigration('20260103000000_broken', 'CREATE TABLE halves (id TEXT); SELECT no_such_function();');
    await expect(applyMigrations({ databaseUrl, schema, migrationsDir: dir })).rejects.toThrow(MigrationError);
    const halves = await sql.query(`SELECT to_regclass('${schema}.halves') AS t`);
    expect(halves.rows[0]).toEqual({ t: null });
    await rm(join(dir, '20260103000000_broken'), { recursive: true });
  });

  it('refuses to run when an applied migration was edited', async () => {
    await writeMigration('20260101000000_things', 'CREATE TABLE things (id TEXT PRIMARY KEY, sneaky TEXT);');
    await expect(applyMigrations({ databaseUrl, schema, migrationsDir: dir })).rejects.toThrow(
      /20260101000000_things was changed after it was applied/,
    );
  });
});
