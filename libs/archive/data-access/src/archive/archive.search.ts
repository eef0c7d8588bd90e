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

/**
 * The record positions a search selects, in (occurred_at, record_id) order. Facets describe a conversation or a call
 * as a whole (a message row has no customer number of its own; its conversation has), so they are matched on the
 * chain row; a tenant's log chain mixes customers and agents, so its records are matched on their own facets.
 */
function selectionSql(search: ArchiveSearch, after: SearchCursor | null, parameters: Parameters, limit: string | null): string {
  const tenant = parameters.add(search.tenantId);
  const common = [`r.tenant_id = ${tenant}`, `r.occurred_at >= ${parameters.add(search.from)}`, `r.occurred_at < ${parameters.add(search.to)}`];
  if (after !== null) {
    common.push(`(r.occurred_at, r.record_id) > (${parameters.add(after.occurredAt)}::timestamptz, ${parameters.add(after.recordId)}::text)`);
  }
  let textJoin = '';
  if (search.terms.length > 0) {
    textJoin = 'JOIN texts t ON t.record_id = r.record_id';
    common.push(`t.tenant_id = ${tenant}`, `t.search_vector @@ plainto_tsquery('simple', ${parameters.add(search.terms.join(' '))})`);
  }
  const columns = 'r.tenant_id, r.chain_id, r.sequence, r.archived_at, r.occurred_at, r.record_id';
  const tail = `ORDER BY r.occurred_at, r.record_id${limit === null ? '' : ` LIMIT ${limit}`}`;
  const chainFacets: string[] = [];
  const recordFacets: string[] = [];
  if (search.customerNumber !== undefined) {
    const value = parameters.add(search.customerNumber);
    chainFacets.push(`${value} = ANY(c.customer_numbers)`);
    recordFacets.push(`r.customer_number = ${value}`);
  }
  if (search.businessNumber !== undefined) {
    const value = parameters.add(search.businessNumber);
    chainFacets.push(`c.business_number = ${value}`);
    recordFacets.push(`r.business_number = ${value}`);
  }
  if (search.agentId !== undefined) {
    const value = parameters.add(search.agentId);
    chainFacets.push(`${value} = ANY(c.agent_ids)`);
    recordFacets.push(`r.agent_id = ${value}`);
  }
  if (search.queue !== undefined) {
    const value = parameters.add(search.queue);
    chainFacets.push(`${value} = ANY(c.queues)`);
    recordFacets.push(`r.queue = ${value}`);
  }
  if (search.disposition !== undefined) {
    const value = parameters.add(search.disposition);
    chainFacets.push(`c.disposition = ${value}`);
    recordFacets.push(`r.disposition = ${value}`);
  }
  if (chainFacets.length === 0) {
    return `SELECT ${columns} FROM records r ${textJoin} WHERE ${common.join(' AND ')} ${tail}`;
  }
  const chains = `SELECT c.chain_id FROM chains c WHERE c.tenant_id = ${tenant} AND c.kind <> 'tenant-log' AND ${chainFacets.join(' AND ')}`;
  const conversations = `SELECT ${columns} FROM records r ${textJoin} WHERE ${common.join(' AND ')} AND r.chain_id IN (${chains}) ${tail}`;
  const logs = `SELECT ${columns} FROM records r ${textJoin} WHERE ${common.join(' AND ')} AND ${LOG_CHAIN_RANGE} AND ${recordFacets.join(' AND ')} ${tail}`;
  return `(${conversations}) UNION ALL (${logs})`;
}

/**
 * A page of search results: the selected positions, then each record with its conversation's facts and its current
 * text (its own, or for a record whose text a redaction replaced, the newest redaction's).
 */
export function searchRowsSql(search: ArchiveSearch, after: SearchCursor | null, limit: number): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const bound = parameters.add(limit);
  const selection = selectionSql(search, after, parameters, bound);
  const text = `WITH hits AS (SELECT * FROM (${selection}) s ORDER BY s.occurred_at, s.record_id LIMIT ${bound})
    SELECT r.record_id, r.tenant_id, r.chain_id, c.conversation_id, r.sequence, r.occurred_at, r.event_type, r.kind,
      COALESCE(r.customer_number, CASE WHEN c.kind <> 'tenant-log' THEN c.customer_numbers[1] END) AS customer_number,
      COALESCE(r.business_number, CASE WHEN c.kind <> 'tenant-log' THEN c.business_number END) AS business_number,
      COALESCE(r.agent_id, CASE WHEN c.kind <> 'tenant-log' THEN c.agent_ids[cardinality(c.agent_ids)] END) AS agent_id,
      COALESCE(r.queue, CASE WHEN c.kind <> 'tenant-log' THEN c.queues[cardinality(c.queues)] END) AS queue,
      COALESCE(r.disposition, CASE WHEN c.kind <> 'tenant-log' THEN c.disposition END) AS disposition,
      COALESCE(t.text, CASE WHEN r.content_commitment IS NOT NULL THEN (
        SELECT rt.text FROM records s JOIN texts rt ON rt.record_id = s.record_id
        WHERE s.tenant_id = r.tenant_id AND s.chain_id = r.chain_id AND s.sequence > r.sequence AND s.kind = 'redaction'
          AND s.attributes->'payload'->>'messageId' = r.attributes->'payload'->>'messageId'
        ORDER BY s.sequence DESC LIMIT 1) END) AS text,
      (r.kind = 'redaction' OR (r.content_commitment IS NOT NULL AND t.record_id IS NULL)) AS redacted,
      r.supersedes_record_id, r.hash
    FROM hits h
    JOIN records r ON r.tenant_id = h.tenant_id AND r.chain_id = h.chain_id AND r.sequence = h.sequence AND r.archived_at = h.archived_at
    JOIN chains c ON c.tenant_id = r.tenant_id AND c.chain_id = r.chain_id
    LEFT JOIN texts t ON t.record_id = r.record_id
    ORDER BY h.occurred_at, h.record_id`;
  return { text, values: parameters.values };
}

/** How many records a search selects, for an export's progress. */
export function countRowsSql(search: ArchiveSearch): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const selection = selectionSql(search, null, parameters, null);
  return { text: `SELECT count(*) AS count FROM (${selection}) s`, values: parameters.values };
}
