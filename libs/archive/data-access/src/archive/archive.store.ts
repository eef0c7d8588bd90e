import { retentionPolicySchema, type ArchiveRecord, type LegalHold, type PurgeRecord, type RetentionPolicy, type StoredContent, type TenantCheckpoint } from '@parley/archive-domain';
import pg from 'pg';
import type { StoredAuditEntry } from './archive.records.ts';
import { HOLD_COLUMNS, RECORD_COLUMNS, toCheckpoint, toHold, toRecord, type CheckpointRow, type HoldRow, type RecordRow } from './archive.rows.ts';
import { ArchiveTransaction } from './archive.transaction.ts';

/**
 * The archive's tables on the service's pool: transactions for every change, plain reads for verification and the
 * admin API. It has no framework decorators, so the verify command can use it outside Nest.
 */
export class ArchiveStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async inTransaction<R>(work: (transaction: ArchiveTransaction) => Promise<R>): Promise<R> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new ArchiveTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Creates the monthly partitions of records from `from`'s month, `months` of them; returns how many were new. */
  async ensurePartitions(from: Date, months: number): Promise<number> {
    const { rows } = await this.#pool.query<{ created: number }>({
      name: 'archive-ensure-partitions',
      text: 'SELECT ensure_record_partitions($1, $2) AS created',
      values: [from, months],
    });
    return rows[0]?.created ?? 0;
  }

  async tenantsWithUnsealedChains(limit: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ tenant_id: string }>({
      name: 'archive-tenants-unsealed',
      text: 'SELECT DISTINCT tenant_id FROM chains WHERE head_sequence > checkpointed_sequence ORDER BY tenant_id LIMIT $1',
      values: [limit],
    });
    return rows.map((row) => row.tenant_id);
  }

  /** Tenants with a chain quiet since `activeBefore`, the only ones a purge could find something in. */
  async tenantsWithQuietChains(activeBefore: Date, limit: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ tenant_id: string }>({
      name: 'archive-tenants-quiet',
      text: 'SELECT DISTINCT tenant_id FROM chains WHERE head_sequence > 0 AND last_activity_at <= $1 ORDER BY tenant_id LIMIT $2',
      values: [activeBefore, limit],
    });
    return rows.map((row) => row.tenant_id);
  }

  async chainIds(tenantId: string): Promise<string[]> {
    const { rows } = await this.#pool.query<{ chain_id: string }>({
      name: 'archive-chain-ids',
      text: `SELECT chain_id FROM chains WHERE tenant_id = $1 AND head_sequence > 0
             UNION SELECT DISTINCT chain_id FROM record_keys WHERE tenant_id = $1 ORDER BY chain_id`,
      values: [tenantId],
    });
    return rows.map((row) => row.chain_id);
  }

  /** A chain's records as stored, in sequence order (the order the verifier needs). */
  async chainRecords(tenantId: string, chainId: string): Promise<ArchiveRecord[]> {
    const { rows } = await this.#pool.query<RecordRow>({
      name: 'archive-chain-records',
      text: `SELECT ${RECORD_COLUMNS} FROM records WHERE tenant_id = $1 AND chain_id = $2 ORDER BY sequence, archived_at`,
      values: [tenantId, chainId],
    });
    return rows.map(toRecord);
  }

  async chainTexts(tenantId: string, chainId: string): Promise<StoredContent[]> {
    const { rows } = await this.#pool.query<{ record_id: string; text: string; salt: string }>({
      name: 'archive-chain-texts',
      text: 'SELECT record_id, text, salt FROM texts WHERE tenant_id = $1 AND chain_id = $2',
      values: [tenantId, chainId],
    });
    return rows.map((row) => ({ recordId: row.record_id, text: row.text, salt: row.salt }));
  }

  async checkpoints(tenantId: string): Promise<TenantCheckpoint[]> {
    const { rows } = await this.#pool.query<CheckpointRow>({
      name: 'archive-checkpoints',
      text: `SELECT tenant_id, checkpoint_sequence, created_at, heads, previous_hash, hash FROM checkpoints
             WHERE tenant_id = $1 ORDER BY checkpoint_sequence`,
      values: [tenantId],
    });
    return rows.map(toCheckpoint);
  }

  async purgeRecords(tenantId: string): Promise<PurgeRecord[]> {
    const { rows } = await this.#pool.query<{ record: PurgeRecord }>({
      name: 'archive-purge-records',
      text: 'SELECT record FROM purge_records WHERE tenant_id = $1 ORDER BY purged_at, purge_id',
      values: [tenantId],
    });
    return rows.map((row) => row.record);
  }

  /** The tenant's retention as saved, or the default (seven years) when it never set one. */
  async retentionPolicy(tenantId: string): Promise<{ policy: RetentionPolicy; isDefault: boolean }> {
    const { rows } = await this.#pool.query<{ policy: unknown }>({
      name: 'archive-retention-policy',
      text: 'SELECT policy FROM retention_policies WHERE tenant_id = $1',
      values: [tenantId],
    });
    const row = rows[0];
    return row ? { policy: retentionPolicySchema.parse(row.policy), isDefault: false } : { policy: retentionPolicySchema.parse(undefined), isDefault: true };
  }

  async holds(tenantId: string): Promise<LegalHold[]> {
    const { rows } = await this.#pool.query<HoldRow>({
      name: 'archive-holds',
      text: `SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE tenant_id = $1 ORDER BY placed_at, hold_id`,
      values: [tenantId],
    });
    return rows.map(toHold);
  }

  async auditLog(tenantId: string, limit: number): Promise<StoredAuditEntry[]> {
    const { rows } = await this.#pool.query<{ audit_id: string; tenant_id: string; action: StoredAuditEntry['action']; actor: string; at: Date; details: Record<string, unknown> }>({
      name: 'archive-audit-log',
      text: 'SELECT audit_id, tenant_id, action, actor, at, details FROM audit_log WHERE tenant_id = $1 ORDER BY audit_id DESC LIMIT $2',
      values: [tenantId, limit],
    });
    return rows.map((row) => ({ auditId: String(row.audit_id), tenantId: row.tenant_id, action: row.action, actor: row.actor, at: row.at.toISOString(), details: row.details }));
  }
}

/** A pool on the archive's schema for tools that run outside the service (the verify command). */
export function openArchivePool(databaseUrl: string, schema: string): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    options: `-c search_path="${schema.replace(/"/g, '""')}"`,
    application_name: 'archive-verify',
  });
}
