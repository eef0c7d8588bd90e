import { canonicalInstant, type ArchiveExportRow, type ArchiveRecordKind, type ArchiveSearch, type SearchCursor } from '@parley/archive-domain';

/** One archived record as search, transcripts and exports show it: the record, its conversation's facts and its current text. */
export interface ArchiveSearchRow extends ArchiveExportRow {
  occurredAt: string;
  /** The conversation the record belongs to, null for a call's or a tenant log's records. */
  chainConversationId: string | null;
  /** The record's text was replaced by a redaction, or the record is such a replacement. */
  redacted: boolean;
}

export interface SearchRowData {
  record_id: string;
  tenant_id: string;
  chain_id: string;
  conversation_id: string | null;
  sequence: number;
  occurred_at: Date;
  event_type: string;
  kind: ArchiveRecordKind;
  customer_number: string | null;
  business_number: string | null;
  agent_id: string | null;
  queue: string | null;
  disposition: string | null;
  text: string | null;
  redacted: boolean;
  supersedes_record_id: string | null;
  hash: string;
}

export function toSearchRow(row: SearchRowData): ArchiveSearchRow {
  return {
    recordId: row.record_id,
    tenantId: row.tenant_id,
    conversationId: row.chain_id,
    chainConversationId: row.conversation_id,
    sequence: row.sequence,
    occurredAt: canonicalInstant(row.occurred_at),
    eventType: row.event_type,
    kind: row.kind,
    customerNumber: row.customer_number,
    businessNumber: row.business_number,
    agentId: row.agent_id,
    queue: row.queue,
    disposition: row.disposition,
    text: row.text,
    redacted: row.redacted,
    supersedesRecordId: row.supersedes_record_id,
    hash: row.hash,
  };
}

/** Bound parameters, numbered in the order they are added; nothing from a search is ever spliced into the SQL text. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Log chains are `log_YYYY-MM`; this range on the chain id finds them through the records' primary key. */
const LOG_CHAIN_RANGE = `r.chain_id >= 'log_' AND r.chain_id < 'log\`'`;

/** A facet search matching at most this many chains reads those chains' records instead of walking the time range. */
const CANDIDATE_CHAINS = 2_000;
/** A search of several words matching at most this many texts starts from them (the GIN index) instead of the time range. */
const CANDIDATE_TEXTS = 5_000;

/**
 * What a result row needs of its record, carried through the selection: reading the records again by position
 * probes every monthly partition once per row, which made an export page of 5,000 rows cost 115 ms more.
 */
const ROW_COLUMNS = `r.tenant_id, r.chain_id, r.sequence, r.archived_at, r.occurred_at, r.record_id, r.event_type, r.kind, r.customer_number,
  r.business_number, r.agent_id, r.queue, r.disposition, r.content_commitment, r.attributes->'payload'->>'messageId' AS message_id,
  r.supersedes_record_id, r.hash`;

/**
 * The record positions a search selects, in (occurred_at, record_id) order. Facets describe a conversation or a call
 * as a whole (a message row has no customer number of its own; its conversation has), so they are matched on the
 * chain row; a tenant's log chain mixes customers and agents, so its records are matched on their own facets.
 *
 * Walking `(tenant, occurred_at)` and filtering fills a page fast when many records match, and never ends when few
 * do. So the plan is decided per query, inside it: the candidates (the chains the facets match, or for several
 * words the texts the GIN index finds) are gathered first in a MATERIALIZED CTE, bounded; when they are few, the
 * records are read from them (a LATERAL join the planner cannot turn around); when the bound is hit, the time walk
 * runs, which then finds its page early. The branch not taken is gated by a one-time filter and never runs.
 */
function selectionSql(search: ArchiveSearch, after: SearchCursor | null, parameters: Parameters, limit: string | null, carry: 'row' | 'position'): string {
  const tenant = parameters.add(search.tenantId);
  const from = parameters.add(search.from);
  const to = parameters.add(search.to);
  const base = [`r.tenant_id = ${tenant}`, `r.occurred_at >= ${from}`, `r.occurred_at < ${to}`];
  if (after !== null) {
    base.push(`(r.occurred_at, r.record_id) > (${parameters.add(after.occurredAt)}::timestamptz, ${parameters.add(after.recordId)}::text)`);
  }
  const common = [...base];
  const ctes: string[] = [];
  let textJoin = '';
  let textDriven = false;
  if (search.terms.length > 0) {
    const query = `plainto_tsquery('simple', ${parameters.add(search.terms.join(' '))})`;
    textJoin = 'JOIN texts t ON t.record_id = r.record_id';
    common.push(`t.tenant_id = ${tenant}`, `t.search_vector @@ ${query}`);
    if (search.terms.length > 1) {
      textDriven = true;
      ctes.push(
        `matched AS MATERIALIZED (SELECT t.record_id FROM texts t WHERE t.tenant_id = ${tenant} AND t.search_vector @@ ${query}
           AND t.occurred_at >= ${from} AND t.occurred_at < ${to} LIMIT ${CANDIDATE_TEXTS + 1})`,
      );
    }
  }
  const columns = carry === 'row' ? ROW_COLUMNS : 'r.tenant_id, r.chain_id, r.sequence, r.archived_at, r.occurred_at, r.record_id';
  const tail = `ORDER BY r.occurred_at, r.record_id${limit === null ? '' : ` LIMIT ${limit}`}`;
  const chainFacets: string[] = [];
  const recordFacets: string[] = [];
  if (search.customerNumber !== undefined) {
    const value = parameters.add(search.customerNumber);
    chainFacets.push(`c.customer_numbers @> ARRAY[${value}::text]`);
    recordFacets.push(`r.customer_number = ${value}`);
  }
  if (search.businessNumber !== undefined) {
    const value = parameters.add(search.businessNumber);
    chainFacets.push(`c.business_number = ${value}`);
    recordFacets.push(`r.business_number = ${value}`);
  }
  if (search.agentId !== undefined) {
    const value = parameters.add(search.agentId);
    chainFacets.push(`c.agent_ids @> ARRAY[${value}::text]`);
    recordFacets.push(`r.agent_id = ${value}`);
  }
  if (search.queue !== undefined) {
    const value = parameters.add(search.queue);
    chainFacets.push(`c.queues @> ARRAY[${value}::text]`);
    recordFacets.push(`r.queue = ${value}`);
  }
  if (search.disposition !== undefined) {
    const value = parameters.add(search.disposition);
    chainFacets.push(`c.disposition = ${value}`);
    recordFacets.push(`r.disposition = ${value}`);
  }
  const chains = `SELECT c.chain_id FROM chains c WHERE c.tenant_id = ${tenant} AND c.kind <> 'tenant-log' AND ${chainFacets.join(' AND ')}`;
  const branches: string[] = [];
  let walkGate = '';
  if (textDriven) {
    const facetFilter = chainFacets.length === 0 ? '' : ` AND (r.chain_id IN (${chains}) OR (${LOG_CHAIN_RANGE} AND ${recordFacets.join(' AND ')}))`;
    branches.push(
      `SELECT r.* FROM matched m CROSS JOIN LATERAL (SELECT ${columns} FROM records r WHERE r.tenant_id = ${tenant} AND r.record_id = m.record_id
         AND ${base.join(' AND ')}${facetFilter}) r WHERE (SELECT count(*) FROM matched) <= ${CANDIDATE_TEXTS} ${tail}`,
    );
    walkGate = ` AND (SELECT count(*) FROM matched) > ${CANDIDATE_TEXTS}`;
  }
  if (chainFacets.length === 0) {
    branches.push(`SELECT ${columns} FROM records r ${textJoin} WHERE ${common.join(' AND ')}${walkGate} ${tail}`);
  } else {
    ctes.push(`candidates AS MATERIALIZED (${chains} AND c.first_occurred_at < ${to} LIMIT ${CANDIDATE_CHAINS + 1})`);
    branches.push(
      `SELECT r.* FROM candidates c CROSS JOIN LATERAL (SELECT ${columns} FROM records r ${textJoin}
         WHERE ${common.join(' AND ')} AND r.chain_id = c.chain_id) r
       WHERE (SELECT count(*) FROM candidates) <= ${CANDIDATE_CHAINS}${walkGate} ${tail}`,
      `SELECT ${columns} FROM records r ${textJoin} WHERE ${common.join(' AND ')} AND r.chain_id IN (${chains})
         AND (SELECT count(*) FROM candidates) > ${CANDIDATE_CHAINS}${walkGate} ${tail}`,
      `SELECT ${columns} FROM records r ${textJoin} WHERE ${common.join(' AND ')} AND ${LOG_CHAIN_RANGE} AND ${recordFacets.join(' AND ')}${walkGate} ${tail}`,
    );
  }
  const union = branches.map((branch) => `(${branch})`).join(' UNION ALL ');
  return ctes.length === 0 ? union : `WITH ${ctes.join(', ')} ${union}`;
}

/**
 * A page of search results: the selected positions, then each record with its conversation's facts and its current
 * text (its own, or for a record whose text a redaction replaced, the newest redaction's).
 */
export function searchRowsSql(search: ArchiveSearch, after: SearchCursor | null, limit: number): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const bound = parameters.add(limit);
  const selection = selectionSql(search, after, parameters, bound, 'row');
  const text = `WITH hits AS (SELECT * FROM (${selection}) s ORDER BY s.occurred_at, s.record_id LIMIT ${bound})
    SELECT h.record_id, h.tenant_id, h.chain_id, c.conversation_id, h.sequence, h.occurred_at, h.event_type, h.kind,
      COALESCE(h.customer_number, CASE WHEN c.kind <> 'tenant-log' THEN c.customer_numbers[1] END) AS customer_number,
      COALESCE(h.business_number, CASE WHEN c.kind <> 'tenant-log' THEN c.business_number END) AS business_number,
      COALESCE(h.agent_id, CASE WHEN c.kind <> 'tenant-log' THEN c.agent_ids[cardinality(c.agent_ids)] END) AS agent_id,
      COALESCE(h.queue, CASE WHEN c.kind <> 'tenant-log' THEN c.queues[cardinality(c.queues)] END) AS queue,
      COALESCE(h.disposition, CASE WHEN c.kind <> 'tenant-log' THEN c.disposition END) AS disposition,
      COALESCE(t.text, CASE WHEN h.content_commitment IS NOT NULL THEN (
        SELECT rt.text FROM records s JOIN texts rt ON rt.record_id = s.record_id
        WHERE s.tenant_id = h.tenant_id AND s.chain_id = h.chain_id AND s.sequence > h.sequence AND s.kind = 'redaction'
          AND s.attributes->'payload'->>'messageId' = h.message_id
        ORDER BY s.sequence DESC LIMIT 1) END) AS text,
      (h.kind = 'redaction' OR (h.content_commitment IS NOT NULL AND t.record_id IS NULL)) AS redacted,
      h.supersedes_record_id, h.hash
    FROM hits h
    -- OFFSET 0 keeps this a probe of the chain's primary key per row; joined freely the planner scans every chain of the tenant.
    JOIN LATERAL (SELECT c.conversation_id, c.kind, c.customer_numbers, c.business_number, c.agent_ids, c.queues, c.disposition
      FROM chains c WHERE c.tenant_id = h.tenant_id AND c.chain_id = h.chain_id OFFSET 0) c ON true
    LEFT JOIN texts t ON t.record_id = h.record_id
    ORDER BY h.occurred_at, h.record_id`;
  return { text, values: parameters.values };
}

/** How many records a search selects, for an export's progress. */
export function countRowsSql(search: ArchiveSearch): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const selection = selectionSql(search, null, parameters, null, 'position');
  return { text: `SELECT count(*) AS count FROM (${selection}) s`, values: parameters.values };
}
