import { canonicalInstant, type ArchiveRecordKind } from '@parley/archive-domain';
import type pg from 'pg';
import { countRowsSql, searchRowsSql, toSearchRow, type ArchiveSearchRow, type SearchRowData } from './archive.search.ts';
import type { ArchiveSearch, SearchCursor } from '@parley/archive-domain';

/** One record of a transcript, in chain order, with the text a reader may see now. */
export interface TranscriptEntry {
  recordId: string;
  sequence: number;
  eventType: string;
  kind: ArchiveRecordKind;
  occurredAt: string;
  archivedAt: string;
  /** The current text: the record's own, or the newest redaction's when a redaction replaced it; null without text. */
  text: string | null;
  /** The text shown is a redacted one (this record's was replaced, or this record is the replacement). */
  redacted: boolean;
  /** For a redaction link, the record whose text it replaced. */
  supersedesRecordId: string | null;
  /** The event's fields other than its text, as archived. */
  attributes: unknown;
}

export interface TranscriptView {
  viewId: string;
  tenantId: string;
  conversationId: string;
  reader: string;
  viewedAt: string;
  records: number;
  headSequence: number;
}

interface TranscriptRowData {
  record_id: string;
  sequence: number;
  event_type: string;
  kind: ArchiveRecordKind;
  occurred_at: Date;
  archived_at: Date;
  attributes: unknown;
  content_commitment: string | null;
  supersedes_record_id: string | null;
  text: string | null;
}

interface ViewRowData {
  view_id: string;
  tenant_id: string;
  conversation_id: string;
  reader: string;
  viewed_at: Date;
  records: number;
  head_sequence: number;
}

function toView(row: ViewRowData): TranscriptView {
  return {
    viewId: String(row.view_id),
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    reader: row.reader,
    viewedAt: row.viewed_at.toISOString(),
    records: row.records,
    headSequence: row.head_sequence,
  };
}

/** A record's current text follows its redactions to the newest one, which alone still holds a text. */
function toTranscript(rows: readonly TranscriptRowData[]): TranscriptEntry[] {
  const replacedBy = new Map<string, TranscriptRowData>();
  for (const row of rows) {
    if (row.kind === 'redaction' && row.supersedes_record_id !== null) {
      replacedBy.set(row.supersedes_record_id, row);
    }
  }
  return rows.map((row) => {
    let current = row;
    for (let next = replacedBy.get(current.record_id); next !== undefined && current.text === null; next = replacedBy.get(current.record_id)) {
      current = next;
    }
    const replaced = row.content_commitment !== null && row.text === null;
    return {
      recordId: row.record_id,
      sequence: row.sequence,
      eventType: row.event_type,
      kind: row.kind,
      occurredAt: canonicalInstant(row.occurred_at),
      archivedAt: canonicalInstant(row.archived_at),
      text: current.text,
      redacted: row.kind === 'redaction' || replaced,
      supersedesRecordId: row.supersedes_record_id,
      attributes: row.attributes,
    };
  });
}

/**
 * The archive's reads for people: search pages, the rows of an export, transcripts (each read recorded in the
 * append-only view log in the same transaction) and that log.
 */
export class ArchiveReader {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Up to `limit` records the search selects after `after`, in (occurredAt, recordId) order. */
  async search(search: ArchiveSearch, after: SearchCursor | null, limit: number): Promise<ArchiveSearchRow[]> {
    const { rows } = await this.#pool.query<SearchRowData>(searchRowsSql(search, after, limit));
    return rows.map(toSearchRow);
  }

  async count(search: ArchiveSearch): Promise<number> {
    const { rows } = await this.#pool.query<{ count: string }>(countRowsSql(search));
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * The conversation's records in chain order, and the view recorded for `reader`; undefined (and nothing recorded)
   * when the tenant has no such conversation.
   */
  async readTranscript(tenantId: string, conversationId: string, reader: string): Promise<{ entries: TranscriptEntry[]; view: TranscriptView } | undefined> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<TranscriptRowData>({
        name: 'archive-transcript',
        text: `SELECT r.record_id, r.sequence, r.event_type, r.kind, r.occurred_at, r.archived_at, r.attributes, r.content_commitment,
                 r.supersedes_record_id, t.text
               FROM records r LEFT JOIN texts t ON t.record_id = r.record_id
               WHERE r.tenant_id = $1 AND r.chain_id = $2 ORDER BY r.sequence`,
        values: [tenantId, conversationId],
      });
      if (rows.length === 0) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const { rows: views } = await client.query<ViewRowData>({
        name: 'archive-record-view',
        text: `INSERT INTO transcript_views (tenant_id, conversation_id, reader, records, head_sequence) VALUES ($1, $2, $3, $4, $5)
               RETURNING view_id, tenant_id, conversation_id, reader, viewed_at, records, head_sequence`,
        values: [tenantId, conversationId, reader, rows.length, rows.at(-1)?.sequence ?? 0],
      });
      await client.query('COMMIT');
      const view = views[0];
      if (view === undefined) {
        throw new Error('the transcript view was not recorded');
      }
      return { entries: toTranscript(rows), view: toView(view) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The tenant's transcript views, newest first, optionally of one conversation and before a view id. */
  async views(tenantId: string, options: { conversationId?: string; beforeViewId?: string; limit: number }): Promise<TranscriptView[]> {
    const { rows } = await this.#pool.query<ViewRowData>({
      name: 'archive-views',
      text: `SELECT view_id, tenant_id, conversation_id, reader, viewed_at, records, head_sequence FROM transcript_views
             WHERE tenant_id = $1 AND ($2::text IS NULL OR conversation_id = $2) AND ($3::bigint IS NULL OR view_id < $3)
             ORDER BY view_id DESC LIMIT $4`,
      values: [tenantId, options.conversationId ?? null, options.beforeViewId ?? null, options.limit],
    });
    return rows.map(toView);
  }
}
