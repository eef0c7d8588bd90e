import type { ExportManifest } from '@parley/archive-domain';
import type pg from 'pg';
import type { AuditEntry } from './archive.records.ts';

export type ExportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ExportJob {
  exportId: string;
  tenantId: string;
  status: ExportStatus;
  requestedBy: string;
  /** The search as validated, in the manifest's echo form. */
  query: ExportManifest['query'];
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  rowsWritten: number;
  /** Known once the export counted its rows. */
  rowsTotal: number | null;
  manifest: ExportManifest | null;
  error: string | null;
}

interface ExportRowData {
  export_id: string;
  tenant_id: string;
  status: ExportStatus;
  requested_by: string;
  query: ExportManifest['query'];
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  rows_written: string;
  rows_total: string | null;
  manifest: ExportManifest | null;
  error: string | null;
}

const EXPORT_COLUMNS = 'export_id, tenant_id, status, requested_by, query, requested_at, started_at, finished_at, rows_written, rows_total, manifest, error';

function toJob(row: ExportRowData): ExportJob {
  return {
    exportId: row.export_id,
    tenantId: row.tenant_id,
    status: row.status,
    requestedBy: row.requested_by,
    query: row.query,
    requestedAt: row.requested_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    rowsWritten: Number(row.rows_written),
    rowsTotal: row.rows_total === null ? null : Number(row.rows_total),
    manifest: row.manifest,
    error: row.error,
  };
}

/** Export jobs and their audit entries; each change of a job's state is audited in the same transaction. */
export class ArchiveExportStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #inTransaction<R>(work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    const client = await this.#pool.connect();
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

  async #audit(client: pg.PoolClient, entry: AuditEntry): Promise<void> {
    await client.query({
      name: 'archive-export-audit',
      text: 'INSERT INTO audit_log (tenant_id, action, actor, details) VALUES ($1, $2, $3, $4::jsonb)',
      values: [entry.tenantId, entry.action, entry.actor, JSON.stringify(entry.details)],
    });
  }

  async create(job: { exportId: string; tenantId: string; requestedBy: string; query: ExportManifest['query'] }): Promise<ExportJob> {
    return this.#inTransaction(async (client) => {
      const { rows } = await client.query<ExportRowData>({
        name: 'archive-export-create',
        text: `INSERT INTO exports (export_id, tenant_id, status, requested_by, query) VALUES ($1, $2, 'queued', $3, $4::jsonb) RETURNING ${EXPORT_COLUMNS}`,
        values: [job.exportId, job.tenantId, job.requestedBy, JSON.stringify(job.query)],
      });
      await this.#audit(client, { tenantId: job.tenantId, action: 'export.requested', actor: job.requestedBy, details: { exportId: job.exportId, query: job.query } });
      const row = rows[0];
      if (row === undefined) {
        throw new Error(`export ${job.exportId} was not stored`);
      }
      return toJob(row);
    });
  }

  async find(tenantId: string, exportId: string): Promise<ExportJob | undefined> {
    const { rows } = await this.#pool.query<ExportRowData>({
      name: 'archive-export-find',
      text: `SELECT ${EXPORT_COLUMNS} FROM exports WHERE tenant_id = $1 AND export_id = $2`,
      values: [tenantId, exportId],
    });
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  async markRunning(tenantId: string, exportId: string): Promise<void> {
    await this.#pool.query({
      name: 'archive-export-running',
      text: `UPDATE exports SET status = 'running', started_at = now() WHERE tenant_id = $1 AND export_id = $2 AND status = 'queued'`,
      values: [tenantId, exportId],
    });
  }

  async recordProgress(tenantId: string, exportId: string, progress: { rowsWritten?: number; rowsTotal?: number }): Promise<void> {
    await this.#pool.query({
      name: 'archive-export-progress',
      text: `UPDATE exports SET rows_written = COALESCE($3, rows_written), rows_total = COALESCE($4, rows_total)
             WHERE tenant_id = $1 AND export_id = $2 AND status = 'running'`,
      values: [tenantId, exportId, progress.rowsWritten ?? null, progress.rowsTotal ?? null],
    });
  }

  async complete(job: ExportJob, manifest: ExportManifest): Promise<void> {
    await this.#inTransaction(async (client) => {
      await client.query({
        name: 'archive-export-complete',
        text: `UPDATE exports SET status = 'completed', finished_at = now(), rows_written = $3, rows_total = $3, manifest = $4::jsonb
               WHERE tenant_id = $1 AND export_id = $2`,
        values: [job.tenantId, job.exportId, manifest.totals.rows, JSON.stringify(manifest)],
      });
      await this.#audit(client, {
        tenantId: job.tenantId,
        action: 'export.completed',
        actor: job.requestedBy,
        details: { exportId: job.exportId, totals: manifest.totals, files: manifest.files.map(({ name, sha256 }) => ({ name, sha256 })) },
      });
    });
  }

  async fail(job: { tenantId: string; exportId: string; requestedBy: string }, reason: string): Promise<void> {
    await this.#inTransaction(async (client) => {
      await client.query({
        name: 'archive-export-fail',
        text: `UPDATE exports SET status = 'failed', finished_at = now(), error = $3 WHERE tenant_id = $1 AND export_id = $2`,
        values: [job.tenantId, job.exportId, reason],
      });
      await this.#audit(client, { tenantId: job.tenantId, action: 'export.failed', actor: job.requestedBy, details: { exportId: job.exportId, reason } });
    });
  }

  /** Jobs left queued or running by a process that stopped: nothing will finish them, so they are failed. */
  async failUnfinished(reason: string): Promise<ExportJob[]> {
    const { rows } = await this.#pool.query<ExportRowData>({
      name: 'archive-export-unfinished',
      text: `SELECT ${EXPORT_COLUMNS} FROM exports WHERE status IN ('queued', 'running')`,
    });
    const jobs = rows.map(toJob);
    for (const job of jobs) {
      await this.fail(job, reason);
    }
    return jobs;
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.#inTransaction((client) => this.#audit(client, entry));
  }
}
