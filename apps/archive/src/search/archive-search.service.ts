import { parseArchiveSearch, toSearchPage, type SearchPage } from '@parley/archive-domain';
import type { ArchiveReader, ArchiveSearchRow } from '@parley/archive-data-access/store';

/** A search result row as the API shows it: the chain id as `chainId`, the conversation (if any) as `conversationId`. */
export interface SearchResultRow {
  recordId: string;
  chainId: string;
  conversationId: string | null;
  sequence: number;
  eventType: string;
  kind: string;
  occurredAt: string;
  customerNumber: string | null;
  businessNumber: string | null;
  agentId: string | null;
  queue: string | null;
  disposition: string | null;
  text: string | null;
  redacted: boolean;
}

/** Query strings carry only text; a page size written in digits becomes the number the domain's schema expects. */
export function searchQueryFromParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const query: Record<string, unknown> = { ...params };
  const pageSize = query['pageSize'];
  if (typeof pageSize === 'string' && /^\d{1,6}$/.test(pageSize)) {
    query['pageSize'] = Number(pageSize);
  }
  return query;
}

export function toResultRow(row: ArchiveSearchRow): SearchResultRow {
  return {
    recordId: row.recordId,
    chainId: row.conversationId,
    conversationId: row.chainConversationId,
    sequence: row.sequence,
    eventType: row.eventType,
    kind: row.kind,
    occurredAt: row.occurredAt,
    customerNumber: row.customerNumber,
    businessNumber: row.businessNumber,
    agentId: row.agentId,
    queue: row.queue,
    disposition: row.disposition,
    text: row.text,
    redacted: row.redacted,
  };
}

/** Searches one tenant's archive (the tenant from the path, never the query) a keyset page at a time. */
export class ArchiveSearchService {
  readonly #reader: ArchiveReader;

  constructor(reader: ArchiveReader) {
    this.#reader = reader;
  }

  async search(tenantId: string, params: Readonly<Record<string, unknown>>): Promise<SearchPage<SearchResultRow>> {
    const search = parseArchiveSearch(tenantId, searchQueryFromParams(params));
    const fetched = await this.#reader.search(search, search.after, search.pageSize + 1);
    const page = toSearchPage(fetched, search.pageSize);
    return { rows: page.rows.map(toResultRow), nextCursor: page.nextCursor };
  }
}
