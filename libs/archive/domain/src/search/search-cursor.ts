import { opaqueIdSchema } from '@parley/contracts';
import { z } from 'zod';
import { ArchiveCursorInvalidError } from './search.errors.ts';

/** Where a page ended: results are ordered by (occurredAt, recordId) and the next page starts strictly after it. */
export interface SearchCursor {
  /** UTC with milliseconds, as the chain stores instants. */
  occurredAt: string;
  recordId: string;
}

/** Longer than any cursor this codec writes, so anything beyond it is rejected before decoding. */
export const MAX_CURSOR_LENGTH = 256;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const cursorSchema = z.strictObject({
  occurredAt: z.iso.datetime({ precision: 3 }),
  recordId: opaqueIdSchema,
});

/** The opaque cursor for the page after `position`: base64url of a small JSON object. */
export function encodeSearchCursor(position: { occurredAt: string | Date; recordId: string }): string {
  const occurredAt = new Date(position.occurredAt);
  if (Number.isNaN(occurredAt.getTime()) || !opaqueIdSchema.safeParse(position.recordId).success) {
    throw new ArchiveCursorInvalidError('a cursor needs a valid instant and record id');
  }
  return Buffer.from(JSON.stringify({ occurredAt: occurredAt.toISOString(), recordId: position.recordId }), 'utf8').toString('base64url');
}

/** Reads a cursor back; anything this codec did not write throws `ArchiveCursorInvalidError`. */
export function decodeSearchCursor(cursor: string): SearchCursor {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw new ArchiveCursorInvalidError('not a cursor issued by the archive');
  }
  const bytes = Buffer.from(cursor, 'base64url');
  // Node decodes loosely, so only a cursor that re-encodes to itself is one this codec wrote.
  if (bytes.toString('base64url') !== cursor) {
    throw new ArchiveCursorInvalidError('not a cursor issued by the archive');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const invalid = new ArchiveCursorInvalidError('not a cursor issued by the archive');
    invalid.cause = error;
    throw invalid;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) {
    throw new ArchiveCursorInvalidError('not a cursor issued by the archive');
  }
  return parsed.data;
}

/** A page of results and the cursor for the next one, null on the last page. */
export interface SearchPage<TRow> {
  rows: TRow[];
  nextCursor: string | null;
}

/**
 * Cuts a page from rows fetched with `LIMIT pageSize + 1`: the extra row only proves there is a next page, whose
 * cursor is the last row kept.
 */
export function toSearchPage<TRow extends { occurredAt: string | Date; recordId: string }>(fetched: readonly TRow[], pageSize: number): SearchPage<TRow> {
  const rows = fetched.slice(0, pageSize);
  const last = rows.at(-1);
  return { rows, nextCursor: fetched.length > pageSize && last !== undefined ? encodeSearchCursor(last) : null };
}
