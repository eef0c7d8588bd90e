import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config-fragments.ts';
import { postgresPoolConfig } from './postgres-pool.ts';

/** A service's connection pool, shared by its Prisma client and by the few hot-path queries written in SQL. */
export function createPostgresPool(config: DatabaseConfig, applicationName: string): pg.Pool {
  return new pg.Pool(postgresPoolConfig(config, applicationName));
}

const names = new Map<string, string>();

/**
 * Names a statement after its SQL, so each connection prepares it once and afterwards only binds parameters:
 * Prisma's generated queries repeat, and re-planning them on every call costs the database and the service.
 */
export function preparedStatementName(query: { sql: string }): string {
  let name = names.get(query.sql);
  if (!name) {
    name = `q${createHash('sha1').update(query.sql).digest('hex').slice(0, 20)}`;
    names.set(query.sql, name);
  }
  return name;
}

/**
 * Runs `work` in one transaction on a connection of `pool`: committed when it returns, rolled back when it throws,
 * and the connection returned to the pool either way.
 */
export async function inPoolTransaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
