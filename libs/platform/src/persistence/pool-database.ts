import type pg from 'pg';
import { inPoolTransaction } from './postgres-client.ts';
import type { DatabaseClient, SqlClient } from './sql-client.ts';

/** The raw statements the platform sends, on the pool or on one connection of it. */
class QuerySqlClient implements SqlClient {
  readonly #queryable: pg.Pool | pg.PoolClient;

  constructor(queryable: pg.Pool | pg.PoolClient) {
    this.#queryable = queryable;
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.#queryable.query(query, values)).rowCount ?? 0;
  }

  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    return (await this.#queryable.query(query, values)).rows as T;
  }
}

/**
 * A service database on its connection pool alone, for a service whose every statement is SQL of its own: it gives
 * the platform its readiness check, inbox and shutdown without loading Prisma's client, which costs a process about
 * 50 MB resident. Its transactions wait for a connection as long as the pool's settings say.
 */
export class PoolDatabase extends QuerySqlClient implements DatabaseClient {
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super(pool);
    this.pool = pool;
  }

  async $connect(): Promise<void> {
    (await this.pool.connect()).release();
  }

  async $disconnect(): Promise<void> {
    if (!this.pool.ended) {
      await this.pool.end();
    }
  }

  $transaction<R>(work: (transaction: SqlClient) => Promise<R>): Promise<R> {
    return inPoolTransaction(this.pool, (client) => work(new QuerySqlClient(client)));
  }
}
