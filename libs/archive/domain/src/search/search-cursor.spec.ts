import { describe, expect, it } from 'vitest';
import { decodeSearchCursor, encodeSearchCursor, MAX_CURSOR_LENGTH, toSearchPage } from './search-cursor.ts';
import { ArchiveCursorInvalidError } from './search.errors.ts';

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('search cursor codec', () => {
  it('encodes base64url JSON of the position and decodes it back', () => {
    const cursor = encodeSearchCursor({ occurredAt: new Date('2025-01-05T10:00:00.000Z'), recordId: 'rec-00000042' });

    expect(cursor).toBe(base64url('{"occurredAt":"2025-01-05T10:00:00.000Z","recordId":"rec-00000042"}'));
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(cursor)).toEqual({ occurredAt: '2025-01-05T10:00:00.000Z', recordId: 'rec-00000042' });
  });

  it('normalizes the instant so every cursor for the same row is the same', () => {
    expect(encodeSearchCursor({ occurredAt: '2025-01-05T12:00:00+02:00', recordId: 'rec-00000042' })).toBe(
      encodeSearchCursor({ occurredAt: '2025-01-05T10:00:00.000Z', recordId: 'rec-00000042' }),
    );
  });

  it.each([
    ['an empty string', ''],
    ['standard base64 characters', 'ab+/cd=='],
    ['padding', `${base64url('{"occurredAt":"2025-01-05T10:00:00.000Z","recordId":"rec-1"}')}=`],
    ['too long a string', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['bytes that are not JSON', base64url('occurredAt=2025')],
    ['JSON that is not an object', base64url('[1,2]')],
    ['a missing record id', base64url('{"occurredAt":"2025-01-05T10:00:00.000Z"}')],
    ['an extra key', base64url('{"occurredAt":"2025-01-05T10:00:00.000Z","recordId":"rec-00000042","tenantId":"tenant-0002"}')],
    ['an instant with an offset', base64url('{"occurredAt":"2025-01-05T12:00:00+02:00","recordId":"rec-00000042"}')],
    ['SQL in the record id', base64url(`{"occurredAt":"2025-01-05T10:00:00.000Z","recordId":"x' OR 1=1 --"}`)],
    ['a prototype key', base64url('{"__proto__":{"x":1},"occurredAt":"2025-01-05T10:00:00.000Z","recordId":"rec-00000042"}')],
    // 69 bytes encode to a multiple of four characters, and Node's decoder silently drops one more.
    ['a trailing character the decoder would ignore', `${base64url('{"occurredAt":"2025-01-05T10:00:00.000Z","recordId":"rec-0000000042"}')}A`],
  ])('rejects %s with archive.cursor-invalid', (_label, cursor) => {
    let thrown: unknown;
    try {
      decodeSearchCursor(cursor);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ArchiveCursorInvalidError);
    expect(thrown).toMatchObject({ code: 'archive.cursor-invalid', message: 'Invalid page cursor: not a cursor issued by the archive' });
  });

  it('refuses to encode a position without a valid instant or record id', () => {
    expect(() => encodeSearchCursor({ occurredAt: 'soon', recordId: 'rec-00000042' })).toThrow(ArchiveCursorInvalidError);
    expect(() => encodeSearchCursor({ occurredAt: '2025-01-05T10:00:00Z', recordId: 'no spaces allowed' })).toThrow(ArchiveCursorInvalidError);
  });
});

describe('toSearchPage', () => {
  const rows = [1, 2, 3].map((n) => ({ occurredAt: `2025-01-0${n}T00:00:00.000Z`, recordId: `rec-0000000${n}` }));

  it('keeps a page and points the cursor at its last row when one more row was fetched', () => {
    const page = toSearchPage(rows, 2);

    expect(page.rows.map((row) => row.recordId)).toEqual(['rec-00000001', 'rec-00000002']);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeSearchCursor(page.nextCursor!)).toEqual({ occurredAt: '2025-01-02T00:00:00.000Z', recordId: 'rec-00000002' });
  });

  it('has no next cursor on the last page', () => {
    expect(toSearchPage(rows, 3)).toEqual({ rows, nextCursor: null });
    expect(toSearchPage([], 3)).toEqual({ rows: [], nextCursor: null });
  });
});
