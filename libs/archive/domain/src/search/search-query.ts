import { e164Schema, opaqueIdSchema, queueKeySchema } from '@parley/contracts';
import { z } from 'zod';
import { decodeSearchCursor, MAX_CURSOR_LENGTH, type SearchCursor } from './search-cursor.ts';
import { MAX_SEARCH_TERM_LENGTH, searchTerms } from './search-terms.ts';
import { ArchiveSearchInvalidError } from './search.errors.ts';

export const MAX_SEARCH_TEXT_LENGTH = 200;
export const MAX_SEARCH_TERMS = 16;
export const MAX_SEARCH_RANGE_YEARS = 10;
export const DEFAULT_SEARCH_PAGE_SIZE = 50;
export const MAX_SEARCH_PAGE_SIZE = 500;

/** A wrap-up code an agent closed a conversation with, such as `resolved` or `callback-requested`. */
export const dispositionSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a lower-case disposition code');

const instantSchema = z.iso
  .datetime({ offset: true, abort: true, error: 'must be an ISO 8601 date-time with a time zone, such as 2025-01-31T00:00:00Z' })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'not a real date-time' });

/** Free text, capped before trimming so an oversized input is refused before any work is done on it. */
const searchTextSchema = z
  .string()
  .max(MAX_SEARCH_TEXT_LENGTH, { abort: true })
  .trim()
  .min(1, { error: 'leave text out rather than empty', abort: true })
  .superRefine((text, context) => {
    const terms = searchTerms(text);
    if (terms.length === 0) {
      context.addIssue({ code: 'custom', message: 'text has no letters or digits to search for' });
    } else if (terms.length > MAX_SEARCH_TERMS) {
      context.addIssue({ code: 'custom', message: `text may hold at most ${MAX_SEARCH_TERMS} distinct words` });
    } else if (terms.some((term) => term.length > MAX_SEARCH_TERM_LENGTH)) {
      context.addIssue({ code: 'custom', message: `a word may be at most ${MAX_SEARCH_TERM_LENGTH} characters` });
    }
  });

function plusYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

/**
 * A search as a client sends it. The tenant is not part of it: it comes from the caller's credentials, and a
 * query naming one is rejected. `from` is inclusive, `to` exclusive.
 */
export const archiveSearchQuerySchema = z
  .strictObject({
    customerNumber: e164Schema.optional(),
    businessNumber: e164Schema.optional(),
    agentId: opaqueIdSchema.optional(),
    queue: queueKeySchema.optional(),
    disposition: dispositionSchema.optional(),
    from: instantSchema,
    to: instantSchema,
    text: searchTextSchema.optional(),
    pageSize: z.number().int().min(1).max(MAX_SEARCH_PAGE_SIZE).default(DEFAULT_SEARCH_PAGE_SIZE),
    cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
  })
  .superRefine((query, context) => {
    // Zod still runs this when a field failed; a NaN date then compares false and adds nothing.
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to.getTime() <= from.getTime()) {
      context.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
    } else if (to.getTime() > plusYears(from, MAX_SEARCH_RANGE_YEARS).getTime()) {
      context.addIssue({ code: 'custom', path: ['to'], message: `a search spans at most ${MAX_SEARCH_RANGE_YEARS} years` });
    }
  });

export type ArchiveSearchQuery = z.input<typeof archiveSearchQuerySchema>;

/** A validated search, scoped to one tenant, ready for a repository to turn into bound parameters. */
export interface ArchiveSearch {
  tenantId: string;
  customerNumber?: string;
  businessNumber?: string;
  agentId?: string;
  queue?: string;
  disposition?: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** The trimmed text as asked, for echoing back; search with `terms`. */
  text?: string;
  /** Normalized words for `plainto_tsquery`, empty when there is no text filter. */
  terms: string[];
  pageSize: number;
  /** Where the previous page ended, null for the first page. */
  after: SearchCursor | null;
}

/**
 * Validates a client's search for the caller's tenant. Throws `ArchiveSearchInvalidError` listing every problem,
 * or `ArchiveCursorInvalidError` when only the cursor is bad.
 */
export function parseArchiveSearch(tenantId: string, input: unknown): ArchiveSearch {
  if (!opaqueIdSchema.safeParse(tenantId).success) {
    throw new ArchiveSearchInvalidError([{ path: 'tenantId', message: 'the caller has no valid tenant' }]);
  }
  const parsed = archiveSearchQuerySchema.safeParse(input);
  if (!parsed.success) {
    throw new ArchiveSearchInvalidError(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  }
  const { from, to, text, cursor, pageSize, ...filters } = parsed.data;
  return {
    tenantId,
    ...filters,
    from: new Date(from),
    to: new Date(to),
    ...(text === undefined ? {} : { text }),
    terms: text === undefined ? [] : searchTerms(text),
    pageSize,
    after: cursor === undefined ? null : decodeSearchCursor(cursor),
  };
}
