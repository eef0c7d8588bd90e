import {
  GENESIS_HASH,
  type ArchiveRecord,
  type CheckpointHead,
  type LegalHold,
  type PurgeRecord,
  type RetentionPolicy,
  type StoredContent,
  type TenantCheckpoint,
} from '@parley/archive-domain';
import type pg from 'pg';
import type { AuditEntry, ChainPlacement, ChainSummary, RecordFacets } from './archive.records.ts';
import {
  CHAIN_COLUMNS,
  HOLD_COLUMNS,
  RECORD_COLUMNS,
  toChain,
  toCheckpoint,
  toHold,
  toRecord,
  type ChainRow,
  type CheckpointRow,
  type HoldRow,
  type RecordRow,
} from './archive.rows.ts';

/** Texts a redaction can replace: customers' messages and the redaction links that already replaced one. */
const REDACTABLE_TYPES = ['conversation.message.received', 'conversation.message.redacted'];

/**
 * The archive's writes inside one database transaction, in plain SQL on the service's pool. Appends hold the chain
 * row's lock from `lockChain` until commit, so two appends to one chain take turns and never fork it.
 */
export class ArchiveTransaction {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  /** The chain's head, locked until the transaction ends; a chain seen for the first time starts empty (sequence 0). */
  async lockChain(placement: ChainPlacement): Promise<{ headSequence: number; headHash: string }> {
    await this.#client.query({
      name: 'archive-open-chain',
      text: `INSERT INTO chains (tenant_id, chain_id, kind, conversation_id, head_sequence, head_hash, first_archived_at, last_archived_at,
               last_activity_at, first_occurred_at)
             VALUES ($1, $2, $3, $4, 0, $5, now(), now(), '-infinity', 'infinity')
             ON CONFLICT (tenant_id, chain_id) DO NOTHING`,
      values: [placement.tenantId, placement.chainId, placement.kind, placement.conversationId, GENESIS_HASH],
    });
    const { rows } = await this.#client.query<{ head_sequence: number; head_hash: string }>({
      name: 'archive-lock-chain',
      text: 'SELECT head_sequence, head_hash FROM chains WHERE tenant_id = $1 AND chain_id = $2 FOR UPDATE',
      values: [placement.tenantId, placement.chainId],
    });
    const row = rows[0];
    if (!row) {
      throw new Error(`chain ${placement.chainId} vanished while it was being locked`);
    }
    return { headSequence: row.head_sequence, headHash: row.head_hash };
  }

  async isArchived(tenantId: string, eventId: string): Promise<boolean> {
    const { rowCount } = await this.#client.query({
      name: 'archive-is-archived',
      text: 'SELECT 1 FROM record_keys WHERE tenant_id = $1 AND event_id = $2::uuid',
      values: [tenantId, eventId],
    });
    return rowCount === 1;
  }

  async record(tenantId: string, chainId: string, sequence: number): Promise<ArchiveRecord | undefined> {
    const { rows } = await this.#client.query<RecordRow>({
      name: 'archive-record-at',
      text: `SELECT ${RECORD_COLUMNS} FROM records WHERE tenant_id = $1 AND chain_id = $2 AND sequence = $3`,
      values: [tenantId, chainId, sequence],
    });
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The newest record that holds a customer message's text (the message itself or its last redaction). */
  async textHolder(tenantId: string, chainId: string, messageId: string): Promise<ArchiveRecord | undefined> {
    const { rows } = await this.#client.query<RecordRow>({
      name: 'archive-text-holder',
      text: `SELECT ${RECORD_COLUMNS} FROM records r
             WHERE r.tenant_id = $1 AND r.chain_id = $2 AND r.content_commitment IS NOT NULL AND r.event_type = ANY($4::text[])
               AND r.attributes->'payload'->>'messageId' = $3
               AND NOT EXISTS (SELECT 1 FROM records s WHERE s.tenant_id = $1 AND s.supersedes_record_id = r.record_id)
             ORDER BY r.sequence DESC LIMIT 1`,
      values: [tenantId, chainId, messageId, REDACTABLE_TYPES],
    });
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** A redaction that arrived before the message it redacts, archived as a plain event, with its text. */
  async earlyRedaction(tenantId: string, chainId: string, messageId: string): Promise<{ record: ArchiveRecord; text: string } | undefined> {
    const { rows } = await this.#client.query<RecordRow & { text: string }>({
      name: 'archive-early-redaction',
      text: `SELECT ${RECORD_COLUMNS.split(',').map((column) => `r.${column.trim()}`).join(', ')}, t.text FROM records r JOIN texts t ON t.record_id = r.record_id
             WHERE r.tenant_id = $1 AND r.chain_id = $2 AND r.kind = 'event' AND r.event_type = 'conversation.message.redacted'
               AND r.attributes->'payload'->>'messageId' = $3
             ORDER BY r.sequence DESC LIMIT 1`,
      values: [tenantId, chainId, messageId],
    });
    const row = rows[0];
    return row ? { record: toRecord(row), text: row.text } : undefined;
  }

  /**
   * Stores a placed record, its text and the chain's new head; false (and nothing written) when the tenant already
   * has a record of this event, which a redelivery that crossed into another chain (a new month's log) can meet.
   */
  async append(record: ArchiveRecord, facets: RecordFacets, content: StoredContent | null): Promise<boolean> {
    const key = await this.#client.query({
      name: 'archive-insert-key',
      text: `INSERT INTO record_keys (tenant_id, chain_id, sequence, event_id, record_id, archived_at) VALUES ($1, $2, $3, $4::uuid, $5, $6)
             ON CONFLICT (tenant_id, event_id) DO NOTHING`,
      values: [record.tenantId, record.conversationId, record.sequence, record.eventId, record.recordId, record.archivedAt],
    });
    if (key.rowCount !== 1) {
      return false;
    }
    await this.#client.query({
      name: 'archive-insert-record',
      text: `INSERT INTO records (${RECORD_COLUMNS}, conversation_id, customer_number, business_number, agent_id, queue, disposition)
             VALUES ($1, $2, $3, $4, $5::uuid, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      values: [
        record.tenantId,
        record.conversationId,
        record.sequence,
        record.recordId,
        record.eventId,
        record.eventType,
        record.kind,
        record.occurredAt,
        record.archivedAt,
        JSON.stringify(record.attributes),
        record.contentCommitment,
        record.supersedesRecordId,
        record.previousHash,
        record.hash,
        facets.conversationId,
        facets.customerNumber,
        facets.businessNumber,
        facets.agentId,
        facets.queue,
        facets.disposition,
      ],
    });
    if (content !== null) {
      await this.#client.query({
        name: 'archive-insert-text',
        text: 'INSERT INTO texts (record_id, tenant_id, chain_id, occurred_at, text, salt) VALUES ($1, $2, $3, $4, $5, $6)',
        values: [content.recordId, record.tenantId, record.conversationId, record.occurredAt, content.text, content.salt],
      });
    }
    await this.#client.query({
      name: 'archive-advance-head',
      text: `UPDATE chains SET head_sequence = $3, head_hash = $4, last_archived_at = $5,
               last_activity_at = GREATEST(last_activity_at, LEAST($6::timestamptz, $5::timestamptz)),
               first_occurred_at = LEAST(first_occurred_at, $6::timestamptz),
               customer_numbers = CASE WHEN $7::text IS NULL OR $7 = ANY(customer_numbers) THEN customer_numbers ELSE array_append(customer_numbers, $7) END,
               business_number = COALESCE(business_number, $8),
               agent_ids = CASE WHEN $9::text IS NULL OR $9 = ANY(agent_ids) THEN agent_ids ELSE array_append(agent_ids, $9) END,
               queues = CASE WHEN $10::text IS NULL OR $10 = ANY(queues) THEN queues ELSE array_append(queues, $10) END,
               disposition = COALESCE($11, disposition)
             WHERE tenant_id = $1 AND chain_id = $2`,
      values: [
        record.tenantId,
        record.conversationId,
        record.sequence,
        record.hash,
        record.archivedAt,
        record.occurredAt,
        facets.customerNumber,
        facets.businessNumber,
        facets.agentId,
        facets.queue,
        facets.disposition,
      ],
    });
    return true;
  }

  /**
   * Opens and locks many chains in one statement each, in (tenant, chain) order so that two batches sharing chains
   * queue instead of deadlocking; returns each chain's head keyed by `tenant\u0000chain`.
   */
  async lockChains(placements: readonly ChainPlacement[]): Promise<Map<string, { headSequence: number; headHash: string }>> {
    const sorted = [...placements].sort((a, b) => compareText(a.tenantId, b.tenantId) || compareText(a.chainId, b.chainId));
    await this.#client.query({
      name: 'archive-open-chains',
      text: `INSERT INTO chains (tenant_id, chain_id, kind, conversation_id, head_sequence, head_hash, first_archived_at, last_archived_at,
               last_activity_at, first_occurred_at)
             SELECT p.tenant_id, p.chain_id, p.kind, p.conversation_id, 0, $5, now(), now(), '-infinity', 'infinity'
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(tenant_id, chain_id, kind, conversation_id, i)
             ORDER BY p.i
             ON CONFLICT (tenant_id, chain_id) DO NOTHING`,
      values: [
        sorted.map((placement) => placement.tenantId),
        sorted.map((placement) => placement.chainId),
        sorted.map((placement) => placement.kind),
        sorted.map((placement) => placement.conversationId),
        GENESIS_HASH,
      ],
    });
    // LockRows sits above the sort, so the rows are locked in (tenant, chain) order, the same in every batch.
    const { rows } = await this.#client.query<{ tenant_id: string; chain_id: string; head_sequence: number; head_hash: string }>({
      name: 'archive-lock-chains',
      text: `SELECT c.tenant_id, c.chain_id, c.head_sequence, c.head_hash FROM chains c
             JOIN unnest($1::text[], $2::text[]) AS p(tenant_id, chain_id) ON c.tenant_id = p.tenant_id AND c.chain_id = p.chain_id
             ORDER BY c.tenant_id, c.chain_id FOR UPDATE OF c`,
      values: [sorted.map((placement) => placement.tenantId), sorted.map((placement) => placement.chainId)],
    });
    const heads = new Map<string, { headSequence: number; headHash: string }>();
    for (const row of rows) {
      heads.set(chainKey(row.tenant_id, row.chain_id), { headSequence: row.head_sequence, headHash: row.head_hash });
    }
    for (const placement of sorted) {
      if (!heads.has(chainKey(placement.tenantId, placement.chainId))) {
        throw new Error(`chain ${placement.chainId} vanished while it was being locked`);
      }
    }
    return heads;
  }

  /** Of these (tenant, event id) pairs, the ones already archived, keyed by `tenant\u0000eventId`. */
  async archivedEvents(events: readonly { tenantId: string; eventId: string }[]): Promise<Set<string>> {
    const { rows } = await this.#client.query<{ tenant_id: string; event_id: string }>({
      name: 'archive-archived-events',
      text: `SELECT k.tenant_id, k.event_id::text AS event_id FROM record_keys k
             JOIN unnest($1::text[], $2::uuid[]) AS e(tenant_id, event_id) ON k.tenant_id = e.tenant_id AND k.event_id = e.event_id`,
      values: [events.map((event) => event.tenantId), events.map((event) => event.eventId)],
    });
    return new Set(rows.map((row) => chainKey(row.tenant_id, row.event_id.toLowerCase())));
  }

  /** The head records of these chains, keyed by `tenant\u0000chain`. */
  async recordsAt(positions: readonly { tenantId: string; chainId: string; sequence: number }[]): Promise<Map<string, ArchiveRecord>> {
    const { rows } = await this.#client.query<RecordRow>({
      name: 'archive-records-at',
      text: `SELECT ${RECORD_COLUMNS.split(',').map((column) => `r.${column.trim()}`).join(', ')} FROM records r
             JOIN unnest($1::text[], $2::text[], $3::int[]) AS p(tenant_id, chain_id, sequence)
               ON r.tenant_id = p.tenant_id AND r.chain_id = p.chain_id AND r.sequence = p.sequence`,
      values: [positions.map((position) => position.tenantId), positions.map((position) => position.chainId), positions.map((position) => position.sequence)],
    });
    return new Map(rows.map((row) => [chainKey(row.tenant_id, row.chain_id), toRecord(row)]));
  }

  /** Whether any of these chains holds a redaction archived before its message (which a later message must apply). */
  async hasEarlyRedactions(chains: readonly { tenantId: string; chainId: string }[]): Promise<boolean> {
    const { rowCount } = await this.#client.query({
      name: 'archive-has-early-redactions',
      text: `SELECT 1 FROM records r JOIN unnest($1::text[], $2::text[]) AS p(tenant_id, chain_id) ON r.tenant_id = p.tenant_id AND r.chain_id = p.chain_id
             WHERE r.kind = 'event' AND r.event_type = 'conversation.message.redacted' LIMIT 1`,
      values: [chains.map((chain) => chain.tenantId), chains.map((chain) => chain.chainId)],
    });
    return (rowCount ?? 0) > 0;
  }

  /**
   * Stores placed records (in chain order, their chains locked by `lockChains`) with multi-row inserts and moves
   * each chain's head once, merging its facets as `append` would one record at a time. Throws, so the caller's
   * transaction rolls back, when a key already exists: a concurrent writer got there first.
   */
  async appendMany(items: readonly { record: ArchiveRecord; facets: RecordFacets; content: StoredContent | null }[]): Promise<void> {
    if (items.length === 0) {
      return;
    }
    const keys = await this.#client.query({
      name: 'archive-append-keys',
      text: `INSERT INTO record_keys (tenant_id, chain_id, sequence, event_id, record_id, archived_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::timestamptz[])
             ON CONFLICT (tenant_id, event_id) DO NOTHING`,
      values: [
        items.map(({ record }) => record.tenantId),
        items.map(({ record }) => record.conversationId),
        items.map(({ record }) => record.sequence),
        items.map(({ record }) => record.eventId),
        items.map(({ record }) => record.recordId),
        items.map(({ record }) => record.archivedAt),
      ],
    });
    if (keys.rowCount !== items.length) {
      throw new Error(`${items.length - (keys.rowCount ?? 0)} of ${items.length} events were archived meanwhile; the batch is rolled back`);
    }
    // One prepared statement over column arrays: a multi-row VALUES list of 20 parameters a row is parsed and planned anew each time.
    const column = <T>(pick: (item: (typeof items)[number]) => T): T[] => items.map(pick);
    await this.#client.query({
      name: 'archive-append-records',
      text: `INSERT INTO records (${RECORD_COLUMNS}, conversation_id, customer_number, business_number, agent_id, queue, disposition)
             SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[],
               $9::timestamptz[], $10::jsonb[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
               $18::text[], $19::text[], $20::text[])`,
      values: [
        column(({ record }) => record.tenantId),
        column(({ record }) => record.conversationId),
        column(({ record }) => record.sequence),
        column(({ record }) => record.recordId),
        column(({ record }) => record.eventId),
        column(({ record }) => record.eventType),
        column(({ record }) => record.kind),
        column(({ record }) => record.occurredAt),
        column(({ record }) => record.archivedAt),
        column(({ record }) => JSON.stringify(record.attributes)),
        column(({ record }) => record.contentCommitment),
        column(({ record }) => record.supersedesRecordId),
        column(({ record }) => record.previousHash),
        column(({ record }) => record.hash),
        column(({ facets }) => facets.conversationId),
        column(({ facets }) => facets.customerNumber),
        column(({ facets }) => facets.businessNumber),
        column(({ facets }) => facets.agentId),
        column(({ facets }) => facets.queue),
        column(({ facets }) => facets.disposition),
      ],
    });
    const texts = items.flatMap(({ record, content }) => (content === null ? [] : [{ record, content }]));
    if (texts.length > 0) {
      await this.#client.query({
        name: 'archive-append-texts',
        text: `INSERT INTO texts (record_id, tenant_id, chain_id, occurred_at, text, salt)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])`,
        values: [
          texts.map(({ content }) => content.recordId),
          texts.map(({ record }) => record.tenantId),
          texts.map(({ record }) => record.conversationId),
          texts.map(({ record }) => record.occurredAt),
          texts.map(({ content }) => content.text),
          texts.map(({ content }) => content.salt),
        ],
      });
    }
    const chains = new Map<string, ChainAdvance>();
    for (const { record, facets } of items) {
      const key = chainKey(record.tenantId, record.conversationId);
      const occurred = Date.parse(record.occurredAt);
      const activity = Math.min(occurred, Date.parse(record.archivedAt));
      const chain = chains.get(key);
      if (chain === undefined) {
        chains.set(key, {
          tenant_id: record.tenantId,
          chain_id: record.conversationId,
          head_sequence: record.sequence,
          head_hash: record.hash,
          archived_at: record.archivedAt,
          activity_ms: activity,
          first_occurred_ms: occurred,
          customer_numbers: facets.customerNumber === null ? [] : [facets.customerNumber],
          business_number: facets.businessNumber,
          agent_ids: facets.agentId === null ? [] : [facets.agentId],
          queues: facets.queue === null ? [] : [facets.queue],
          disposition: facets.disposition,
        });
        continue;
      }
      chain.head_sequence = record.sequence;
      chain.head_hash = record.hash;
      chain.archived_at = record.archivedAt;
      chain.activity_ms = Math.max(chain.activity_ms, activity);
      chain.first_occurred_ms = Math.min(chain.first_occurred_ms, occurred);
      addOnce(chain.customer_numbers, facets.customerNumber);
      chain.business_number ??= facets.businessNumber;
      addOnce(chain.agent_ids, facets.agentId);
      addOnce(chain.queues, facets.queue);
      chain.disposition = facets.disposition ?? chain.disposition;
    }
    const advances = [...chains.values()].map(({ activity_ms, first_occurred_ms, ...rest }) => ({
      ...rest,
      activity_at: new Date(activity_ms).toISOString(),
      first_occurred_at: new Date(first_occurred_ms).toISOString(),
    }));
    await this.#client.query({
      name: 'archive-advance-heads',
      text: `UPDATE chains c SET head_sequence = u.head_sequence, head_hash = u.head_hash, last_archived_at = u.archived_at,
               last_activity_at = GREATEST(c.last_activity_at, u.activity_at),
               first_occurred_at = LEAST(c.first_occurred_at, u.first_occurred_at),
               customer_numbers = c.customer_numbers || ARRAY(SELECT e.x FROM jsonb_array_elements_text(u.customer_numbers) WITH ORDINALITY AS e(x, i)
                 WHERE e.x <> ALL(c.customer_numbers) ORDER BY e.i),
               business_number = COALESCE(c.business_number, u.business_number),
               agent_ids = c.agent_ids || ARRAY(SELECT e.x FROM jsonb_array_elements_text(u.agent_ids) WITH ORDINALITY AS e(x, i)
                 WHERE e.x <> ALL(c.agent_ids) ORDER BY e.i),
               queues = c.queues || ARRAY(SELECT e.x FROM jsonb_array_elements_text(u.queues) WITH ORDINALITY AS e(x, i)
                 WHERE e.x <> ALL(c.queues) ORDER BY e.i),
               disposition = COALESCE(u.disposition, c.disposition)
             FROM jsonb_to_recordset($1::jsonb) AS u(tenant_id text, chain_id text, head_sequence int, head_hash text, archived_at timestamptz,
               activity_at timestamptz, first_occurred_at timestamptz, customer_numbers jsonb, business_number text, agent_ids jsonb,
               queues jsonb, disposition text)
             WHERE c.tenant_id = u.tenant_id AND c.chain_id = u.chain_id`,
      values: [JSON.stringify(advances)],
    });
  }

  /** Deletes a superseded text through the one database function allowed to, which checks the redaction exists. */
  async eraseSupersededText(tenantId: string, recordId: string): Promise<void> {
    await this.#client.query({
      name: 'archive-erase-superseded-text',
      text: 'SELECT erase_superseded_text($1, $2)',
      values: [tenantId, recordId],
    });
  }

  /** Serialises checkpoints and purges of one tenant across instances until the transaction ends. */
  async lockTenant(tenantId: string): Promise<void> {
    await this.#client.query({
      name: 'archive-lock-tenant',
      text: `SELECT pg_advisory_xact_lock(hashtextextended('archive:' || $1, 0))`,
      values: [tenantId],
    });
  }

  async lastCheckpoint(tenantId: string): Promise<TenantCheckpoint | null> {
    const { rows } = await this.#client.query<CheckpointRow>({
      name: 'archive-last-checkpoint',
      text: `SELECT tenant_id, checkpoint_sequence, created_at, heads, previous_hash, hash FROM checkpoints
             WHERE tenant_id = $1 ORDER BY checkpoint_sequence DESC LIMIT 1`,
      values: [tenantId],
    });
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  /** Heads of the tenant's chains that grew since they were last checkpointed, locked so they cannot move meanwhile. */
  async unsealedHeads(tenantId: string, limit: number): Promise<CheckpointHead[]> {
    const { rows } = await this.#client.query<{ chain_id: string; head_sequence: number; head_hash: string }>({
      name: 'archive-unsealed-heads',
      text: `SELECT chain_id, head_sequence, head_hash FROM chains
             WHERE tenant_id = $1 AND head_sequence > checkpointed_sequence ORDER BY chain_id LIMIT $2 FOR UPDATE`,
      values: [tenantId, limit],
    });
    return rows.map((row) => ({ conversationId: row.chain_id, sequence: row.head_sequence, headHash: row.head_hash }));
  }

  async insertCheckpoint(checkpoint: TenantCheckpoint): Promise<void> {
    await this.#client.query({
      name: 'archive-insert-checkpoint',
      text: `INSERT INTO checkpoints (tenant_id, checkpoint_sequence, created_at, heads, previous_hash, hash) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      values: [checkpoint.tenantId, checkpoint.checkpointSequence, checkpoint.createdAt, JSON.stringify(checkpoint.heads), checkpoint.previousHash, checkpoint.hash],
    });
    await this.#client.query({
      name: 'archive-mark-checkpointed',
      text: `UPDATE chains c SET checkpointed_sequence = GREATEST(c.checkpointed_sequence, h.sequence)
             FROM jsonb_to_recordset($2::jsonb) AS h("conversationId" text, "sequence" int)
             WHERE c.tenant_id = $1 AND c.chain_id = h."conversationId"`,
      values: [checkpoint.tenantId, JSON.stringify(checkpoint.heads)],
    });
  }

  /** Chains whose last activity is at or before `activeBefore`, locked; the caller decides each one with the domain's rules. */
  async lockPurgeCandidates(
    tenantId: string,
    activeBefore: Date,
    after: { lastActivityAt: Date; chainId: string } | null,
    limit: number,
  ): Promise<ChainSummary[]> {
    const { rows } = await this.#client.query<ChainRow>({
      name: 'archive-lock-purge-candidates',
      text: `SELECT ${CHAIN_COLUMNS} FROM chains
             WHERE tenant_id = $1 AND head_sequence > 0 AND last_activity_at <= $2
               AND ($3::timestamptz IS NULL OR (last_activity_at, chain_id) > ($3::timestamptz, $4::text))
             ORDER BY last_activity_at, chain_id LIMIT $5 FOR UPDATE SKIP LOCKED`,
      values: [tenantId, activeBefore, after?.lastActivityAt ?? null, after?.chainId ?? '', limit],
    });
    return rows.map(toChain);
  }

  async textCount(tenantId: string, chainId: string): Promise<number> {
    const { rows } = await this.#client.query<{ count: string }>({
      name: 'archive-text-count',
      text: 'SELECT count(*) AS count FROM texts WHERE tenant_id = $1 AND chain_id = $2',
      values: [tenantId, chainId],
    });
    return Number(rows[0]?.count ?? 0);
  }

  /** Stores the purge record, then removes every chain it lists through the database function that checks it. */
  async purge(record: PurgeRecord): Promise<void> {
    await this.#client.query({
      name: 'archive-insert-purge-record',
      text: 'INSERT INTO purge_records (purge_id, tenant_id, purged_at, record, hash) VALUES ($1, $2, $3, $4::jsonb, $5)',
      values: [record.purgeId, record.tenantId, record.purgedAt, JSON.stringify(record), record.hash],
    });
    for (const conversation of record.conversations) {
      await this.#client.query({
        name: 'archive-purge-chain',
        text: 'SELECT purge_chain($1, $2, $3)',
        values: [record.tenantId, conversation.conversationId, record.purgeId],
      });
    }
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.#client.query({
      name: 'archive-audit',
      text: 'INSERT INTO audit_log (tenant_id, action, actor, details) VALUES ($1, $2, $3, $4::jsonb)',
      values: [entry.tenantId, entry.action, entry.actor, JSON.stringify(entry.details)],
    });
  }

  async saveRetention(tenantId: string, policy: RetentionPolicy, actor: string): Promise<void> {
    await this.#client.query({
      name: 'archive-save-retention',
      text: `INSERT INTO retention_policies (tenant_id, policy, updated_by) VALUES ($1, $2::jsonb, $3)
             ON CONFLICT (tenant_id) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      values: [tenantId, JSON.stringify(policy), actor],
    });
  }

  async insertHold(hold: LegalHold): Promise<void> {
    await this.#client.query({
      name: 'archive-insert-hold',
      text: `INSERT INTO legal_holds (${HOLD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)`,
      values: [
        hold.holdId,
        hold.tenantId,
        hold.scope,
        hold.scope === 'conversation' ? hold.conversationId : null,
        hold.scope === 'customer' ? hold.customerNumber : null,
        hold.placedBy,
        hold.reason,
        hold.placedAt,
      ],
    });
  }

  /** The tenant's hold, locked; undefined for a hold of another tenant as for one that does not exist. */
  async lockHold(tenantId: string, holdId: string): Promise<LegalHold | undefined> {
    const { rows } = await this.#client.query<HoldRow>({
      name: 'archive-lock-hold',
      text: `SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE tenant_id = $1 AND hold_id = $2 FOR UPDATE`,
      values: [tenantId, holdId],
    });
    return rows[0] ? toHold(rows[0]) : undefined;
  }

  async releaseHold(tenantId: string, holdId: string, releasedBy: string, releasedAt: Date): Promise<void> {
    await this.#client.query({
      name: 'archive-release-hold',
      text: 'UPDATE legal_holds SET released_at = $3, released_by = $4 WHERE tenant_id = $1 AND hold_id = $2 AND released_at IS NULL',
      values: [tenantId, holdId, releasedAt, releasedBy],
    });
  }

  async holds(tenantId: string): Promise<LegalHold[]> {
    const { rows } = await this.#client.query<HoldRow>({
      name: 'archive-holds-in-transaction',
      text: `SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE tenant_id = $1 ORDER BY placed_at, hold_id`,
      values: [tenantId],
    });
    return rows.map(toHold);
  }
}

interface ChainAdvance {
  tenant_id: string;
  chain_id: string;
  head_sequence: number;
  head_hash: string;
  archived_at: string;
  activity_ms: number;
  first_occurred_ms: number;
  customer_numbers: string[];
  business_number: string | null;
  agent_ids: string[];
  queues: string[];
  disposition: string | null;
}

/** The key batched reads use for a (tenant, chain) or (tenant, event id) pair. */
export function chainKey(tenantId: string, id: string): string {
  return `${tenantId}\u0000${id}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addOnce(values: string[], value: string | null): void {
  if (value !== null && !values.includes(value)) {
    values.push(value);
  }
}
