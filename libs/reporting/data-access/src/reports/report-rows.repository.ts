import type { AgentIntervalRow, ConversationRecord, IntervalRow, ReportChannel } from '@parley/reporting-domain';
import type pg from 'pg';

export interface IntervalRowFilter {
  readonly queue?: string;
  readonly channel?: ReportChannel;
}

export interface RowPage<TRow> {
  readonly rows: TRow[];
  /** True when more rows matched than `limit`: narrow the range to see the rest. */
  readonly truncated: boolean;
}

/** Reads the latest published version of report rows, always within one tenant. */
export class ReportRowsRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Interval rows whose interval starts in [from, to), in time, queue and channel order. */
  async intervalRows(tenantId: string, from: Date, to: Date, filter: IntervalRowFilter, limit: number): Promise<RowPage<IntervalRow>> {
    const { rows } = await this.#pool.query<{ row: IntervalRow }>({
      name: 'reporting-interval-rows',
      text: `SELECT row FROM report_rows
             WHERE tenant_id = $1 AND kind = 'interval' AND interval_start >= $2 AND interval_start < $3
               AND ($4::text IS NULL OR queue = $4) AND ($5::text IS NULL OR channel = $5)
             ORDER BY interval_start, queue, channel LIMIT $6`,
      values: [tenantId, from, to, filter.queue ?? null, filter.channel ?? null, limit + 1],
    });
    return page(rows.map((found) => found.row), limit);
  }

  /** Agent interval rows whose interval starts in [from, to), in time and agent order. */
  async agentIntervalRows(tenantId: string, from: Date, to: Date, agentId: string | undefined, limit: number): Promise<RowPage<AgentIntervalRow>> {
    const { rows } = await this.#pool.query<{ row: AgentIntervalRow }>({
      name: 'reporting-agent-rows',
      text: `SELECT row FROM report_rows
             WHERE tenant_id = $1 AND kind = 'agent-interval' AND interval_start >= $2 AND interval_start < $3
               AND ($4::text IS NULL OR agent_id = $4)
             ORDER BY interval_start, agent_id LIMIT $5`,
      values: [tenantId, from, to, agentId ?? null, limit + 1],
    });
    return page(rows.map((found) => found.row), limit);
  }

  /** Records of conversations that ended in [from, to), oldest first. */
  async conversationRecords(tenantId: string, from: Date, to: Date, limit: number): Promise<RowPage<ConversationRecord>> {
    const { rows } = await this.#pool.query<{ row: ConversationRecord }>({
      name: 'reporting-conversation-records',
      text: `SELECT row FROM report_rows
             WHERE tenant_id = $1 AND kind = 'conversation' AND ended_at >= $2 AND ended_at < $3
             ORDER BY ended_at, conversation_id LIMIT $4`,
      values: [tenantId, from, to, limit + 1],
    });
    return page(rows.map((found) => found.row), limit);
  }

  async conversationRecord(tenantId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.#pool.query<{ row: ConversationRecord }>({
      name: 'reporting-conversation-record',
      text: `SELECT row FROM report_rows WHERE tenant_id = $1 AND kind = 'conversation' AND conversation_id = $2`,
      values: [tenantId, conversationId],
    });
    return rows[0]?.row;
  }
}

function page<TRow>(rows: TRow[], limit: number): RowPage<TRow> {
  return { rows: rows.slice(0, limit), truncated: rows.length > limit };
}
