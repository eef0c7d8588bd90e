import { describe, expect, it } from 'vitest';
import { encodeSearchCursor } from './search-cursor.ts';
import { MAX_SEARCH_TEXT_LENGTH, parseArchiveSearch } from './search-query.ts';
import { ArchiveCursorInvalidError, ArchiveSearchInvalidError } from './search.errors.ts';

const TENANT = 'tenant-0001';
const RANGE = { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' };

/** The issues a rejected search reports, as `path: message`. */
function issuesOf(input: unknown): string[] {
  try {
    parseArchiveSearch(TENANT, input);
  } catch (error) {
    if (error instanceof ArchiveSearchInvalidError) {
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
    throw error;
  }
  return [];
}

describe('parseArchiveSearch', () => {
  it('scopes a search to the caller tenant with every filter, defaults and normalized terms', () => {
    const search = parseArchiveSearch(TENANT, {
      ...RANGE,
      customerNumber: '+14155550100',
      businessNumber: '+14155550111',
      agentId: 'agent-000001',
      queue: 'billing-es',
      disposition: 'resolved',
      text: '  Refund   my ORDER, refund!  ',
    });

    expect(search).toEqual({
      tenantId: TENANT,
      customerNumber: '+14155550100',
      businessNumber: '+14155550111',
      agentId: 'agent-000001',
      queue: 'billing-es',
      disposition: 'resolved',
      from: new Date('2025-01-01T00:00:00.000Z'),
      to: new Date('2025-02-01T00:00:00.000Z'),
      text: 'Refund   my ORDER, refund!',
      terms: ['refund', 'my', 'order'],
      pageSize: 50,
      after: null,
    });
  });

  it('gives a search without text no terms', () => {
    expect(parseArchiveSearch(TENANT, RANGE)).toEqual({ tenantId: TENANT, from: new Date(RANGE.from), to: new Date(RANGE.to), terms: [], pageSize: 50, after: null });
  });

  it('reads the range with offsets into instants', () => {
    const search = parseArchiveSearch(TENANT, { from: '2025-01-01T02:00:00+02:00', to: '2025-01-02T00:00:00Z' });

    expect(search.from.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('accepts a range of exactly ten years', () => {
    expect(parseArchiveSearch(TENANT, { from: '2015-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }).to.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('decodes the cursor of the previous page', () => {
    const cursor = encodeSearchCursor({ occurredAt: '2025-01-05T10:00:00Z', recordId: 'rec-00000042' });

    expect(parseArchiveSearch(TENANT, { ...RANGE, cursor, pageSize: 500 })).toMatchObject({
      pageSize: 500,
      after: { occurredAt: '2025-01-05T10:00:00.000Z', recordId: 'rec-00000042' },
    });
  });

  it('throws a stable, invalid-kind error listing every problem at once', () => {
    let thrown: unknown;
    try {
      parseArchiveSearch(TENANT, { from: 'yesterday', to: '2025-01-01T00:00:00Z', pageSize: 0 });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ArchiveSearchInvalidError);
    expect(thrown).toMatchObject({ code: 'archive.search-invalid', kind: 'invalid' });
    expect((thrown as ArchiveSearchInvalidError).issues.map((issue) => issue.path)).toEqual(['from', 'pageSize']);
  });

  it.each([
    ['`to` before `from`', { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'to: `to` must be after `from`'],
    ['an empty range', { from: '2025-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'to: `to` must be after `from`'],
    ['ten years and a millisecond', { from: '2015-01-01T00:00:00Z', to: '2025-01-01T00:00:00.001Z' }, 'to: a search spans at most 10 years'],
    ['all of time', { from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' }, 'to: a search spans at most 10 years'],
    ['a date without time zone', { from: '2025-01-01T00:00:00', to: RANGE.to }, 'from: must be an ISO 8601 date-time with a time zone, such as 2025-01-31T00:00:00Z'],
    ['a day that does not exist', { from: '2025-02-30T00:00:00Z', to: '2025-03-30T00:00:00Z' }, 'from: must be an ISO 8601 date-time with a time zone, such as 2025-01-31T00:00:00Z'],
    ['a date only', { from: '2025-01-01', to: RANGE.to }, 'from: must be an ISO 8601 date-time with a time zone, such as 2025-01-31T00:00:00Z'],
    ['a missing `to`', { from: RANGE.from }, 'to: must be an ISO 8601 date-time with a time zone, such as 2025-01-31T00:00:00Z'],
  ])('rejects %s', (_label, input, issue) => {
    expect(issuesOf(input)).toContain(issue);
  });

  it.each([
    ['a page size of 0', { pageSize: 0 }, 'pageSize'],
    ['a page size of 501', { pageSize: 501 }, 'pageSize'],
    ['a fractional page size', { pageSize: 2.5 }, 'pageSize'],
    ['a page size as text', { pageSize: '50' }, 'pageSize'],
    ['a tenant in the query', { tenantId: 'tenant-0002' }, ''],
    ['an unknown filter', { sql: 'SELECT 1' }, ''],
    ['a lower-case business number', { businessNumber: '4155550111' }, 'businessNumber'],
    ['an upper-case queue', { queue: 'Sales' }, 'queue'],
  ])('rejects %s', (_label, extra, path) => {
    expect(issuesOf({ ...RANGE, ...extra }).map((issue) => issue.slice(0, issue.indexOf(':')))).toContain(path);
  });

  it('rejects a text longer than the cap, counting the spaces trimming would remove', () => {
    expect(issuesOf({ ...RANGE, text: 'a'.repeat(MAX_SEARCH_TEXT_LENGTH + 1) })).toEqual(['text: Too big: expected string to have <=200 characters']);
    const words = `${'refund '.repeat(28)}late`;

    expect(words.length).toBe(MAX_SEARCH_TEXT_LENGTH);
    expect(issuesOf({ ...RANGE, text: words })).toEqual([]);
    expect(issuesOf({ ...RANGE, text: ` ${words}` })).toEqual(['text: Too big: expected string to have <=200 characters']);
  });

  it.each([
    ['only spaces', '    ', 'text: leave text out rather than empty'],
    ['only punctuation', '\'"; -- /* */', 'text: text has no letters or digits to search for'],
    ['seventeen distinct words', Array.from({ length: 17 }, (_, n) => `w${n}`).join(' '), 'text: text may hold at most 16 distinct words'],
    ['a 65-letter word', 'x'.repeat(65), 'text: a word may be at most 64 characters'],
  ])('rejects a text of %s', (_label, text, issue) => {
    expect(issuesOf({ ...RANGE, text })).toEqual([issue]);
  });

  it.each([
    ['a customer number with SQL', { customerNumber: "+1415' OR '1'='1" }, 'customerNumber'],
    ['an agent id with SQL', { agentId: "agent'; DROP TABLE archive.records; --" }, 'agentId'],
    ['a disposition with a comment', { disposition: "resolved'; --" }, 'disposition'],
    ['a queue with a quote', { queue: "sales'" }, 'queue'],
  ])('rejects %s in a filter field', (_label, extra, path) => {
    const issues = issuesOf({ ...RANGE, ...extra });

    expect(issues.length).toBe(1);
    expect(issues[0]).toMatch(new RegExp(`^${path}:`));
  });

  it.each([
    ["'; DROP TABLE archive.records; --", ['drop', 'table', 'archive', 'records']],
    ["1' OR '1'='1", ['1', 'or']],
    ['"refund" -order OR card:*', ['refund', 'order', 'or', 'card']],
    ['ＤＲＯＰ　ｔａｂｌｅ', ['drop', 'table']],
    ['café crème', ['café', 'crème']],
    ['<script>alert(1)</script>', ['script', 'alert', '1']],
  ])('keeps injection attempts as plain terms: %s', (text, terms) => {
    expect(parseArchiveSearch(TENANT, { ...RANGE, text }).terms).toEqual(terms);
  });

  it('rejects a malformed cursor with its own stable code', () => {
    let thrown: unknown;
    try {
      parseArchiveSearch(TENANT, { ...RANGE, cursor: 'not/a+cursor' });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ArchiveCursorInvalidError);
    expect(thrown).toMatchObject({ code: 'archive.cursor-invalid', kind: 'invalid' });
  });

  it('refuses a caller without a valid tenant', () => {
    expect(() => parseArchiveSearch('', RANGE)).toThrow(ArchiveSearchInvalidError);
  });
});
