import { Injectable } from '@nestjs/common';
import type { RecentFailures } from '@parley/gateway-domain';
import { GatewayDatabase } from '../gateway.database.ts';

/**
 * Failed logins, one row per attempt and key, shared by every gateway replica. An attempt is recorded before its
 * password is checked, so attempts made at the same moment on several replicas count against each other.
 */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly db: GatewayDatabase) {}

  /** Records one attempt under both keys and returns the rows' ids. */
  async record(keys: { account: string; address: string }, now: Date): Promise<string[]> {
    const rows = await this.db.pool.query<{ id: string }>(
      'INSERT INTO login_attempts (throttle_key, attempted_at) VALUES ($1, $3), ($2, $3) RETURNING id::text AS id',
      [keys.account, keys.address, now],
    );
    return rows.rows.map((row) => row.id);
  }

  /** Failures within the window (from `since`) under each key, with the oldest of each. */
  async recent(keys: { account: string; address: string }, since: Date): Promise<RecentFailures> {
    const { rows } = await this.db.pool.query<{ throttle_key: string; failures: number; oldest: Date | null }>(
      `SELECT throttle_key, count(*)::int AS failures, min(attempted_at) AS oldest
         FROM login_attempts WHERE throttle_key = ANY($1::text[]) AND attempted_at >= $2 GROUP BY throttle_key`,
      [[keys.account, keys.address], since],
    );
    const of = (key: string) => rows.find((row) => row.throttle_key === key);
    return {
      account: of(keys.account)?.failures ?? 0,
      address: of(keys.address)?.failures ?? 0,
      oldestAccountFailureAt: of(keys.account)?.oldest ?? null,
      oldestAddressFailureAt: of(keys.address)?.oldest ?? null,
    };
  }

  /** Takes back attempts that turned out not to be failures (refused before checking, or successful). */
  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) {
      await this.db.pool.query('DELETE FROM login_attempts WHERE id = ANY($1::bigint[])', [ids]);
    }
  }

  /** A successful login clears its account's failures, so earlier typos do not lock the user out later. */
  async clear(key: string): Promise<void> {
    await this.db.pool.query('DELETE FROM login_attempts WHERE throttle_key = $1', [key]);
  }

  async prune(before: Date): Promise<number> {
    const result = await this.db.pool.query('DELETE FROM login_attempts WHERE attempted_at < $1', [before]);
    return result.rowCount ?? 0;
  }
}
