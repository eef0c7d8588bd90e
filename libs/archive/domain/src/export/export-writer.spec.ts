import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportRow } from '../../test/export-rows.builder.ts';
import { ARCHIVE_EXPORT_COLUMNS, type ArchiveExportRow } from './export-row.ts';
import { encodeExportFile, writeExportFile } from './export-writer.ts';
import { ExportFileInvalidError } from './export.errors.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A Writable that keeps every byte it is given, like a file would. */
function memorySink(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

async function* slowly(rows: readonly ArchiveExportRow[]): AsyncGenerator<ArchiveExportRow> {
  for (const row of rows) {
    await Promise.resolve();
    yield row;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('writeExportFile as CSV', () => {
  it('writes the fixed header and one RFC 4180 line per row, guarded against formulas', async () => {
    const { sink, bytes } = memorySink();
    const rows = [exportRow(1, { text: 'hello, "agent"\nthanks' }), exportRow(2, { text: '=cmd|\' /C calc\'!A0', agentId: 'agent-000001' })];

    const summary = await writeExportFile(slowly(rows), { name: 'export.csv', format: 'csv' }, sink);

    expect(bytes().toString('utf8')).toBe(
      'recordId,tenantId,conversationId,sequence,occurredAt,eventType,kind,customerNumber,businessNumber,agentId,queue,disposition,text,supersedesRecordId,hash\r\n' +
        `rec-00000001,tenant-0001,conv-000001,1,2025-03-01T10:00:00.000Z,conversation.message.received,event,'+14155550100,'+14155550111,,sales,,"hello, ""agent""\nthanks",,${'1'.repeat(64)}\r\n` +
        `rec-00000002,tenant-0001,conv-000001,2,2025-03-02T10:00:00.000Z,conversation.message.received,event,'+14155550100,'+14155550111,agent-000001,sales,,'=cmd|' /C calc'!A0,,${'2'.repeat(64)}\r\n`,
    );
    expect(summary).toEqual({
      name: 'export.csv',
      format: 'csv',
      bytes: bytes().length,
      sha256: sha256(bytes()),
      rows: 2,
      firstOccurredAt: '2025-03-01T10:00:00.000Z',
      lastOccurredAt: '2025-03-02T10:00:00.000Z',
    });
  });

  it('writes only the header for no rows', async () => {
    const { sink, bytes } = memorySink();

    const summary = await writeExportFile([], { name: 'empty.csv', format: 'csv' }, sink);

    expect(bytes().toString('utf8')).toBe(`${ARCHIVE_EXPORT_COLUMNS.join(',')}\r\n`);
    expect(summary).toMatchObject({ rows: 0, bytes: bytes().length, sha256: sha256(bytes()), firstOccurredAt: null, lastOccurredAt: null });
  });
});

describe('writeExportFile as JSON lines', () => {
  it('writes one object per line with keys in column order and the current text', async () => {
    const { sink, bytes } = memorySink();
    const rows = [exportRow(1, { text: 'line1\nline2 \u2028 "quoted"' }), exportRow(2, { kind: 'redaction', supersedesRecordId: 'rec-00000001', text: null })];

    const summary = await writeExportFile(rows, { name: 'export.jsonl', format: 'jsonl' }, sink);
    const lines = bytes().toString('utf8').split('\n');

    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([...ARCHIVE_EXPORT_COLUMNS]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ text: 'line1\nline2 \u2028 "quoted"', occurredAt: '2025-03-01T10:00:00.000Z', agentId: null });
    expect(JSON.parse(lines[1]!)).toMatchObject({ kind: 'redaction', supersedesRecordId: 'rec-00000001', text: null, customerNumber: '+14155550100' });
    expect(summary).toMatchObject({ rows: 2, bytes: bytes().length, sha256: sha256(bytes()) });
  });

  it('writes nothing at all for no rows, hashing the empty file', async () => {
    const { sink, bytes } = memorySink();

    const summary = await writeExportFile(slowly([]), { name: 'empty.jsonl', format: 'jsonl' }, sink);

    expect(bytes().length).toBe(0);
    expect(summary).toEqual({ name: 'empty.jsonl', format: 'jsonl', bytes: 0, sha256: EMPTY_SHA256, rows: 0, firstOccurredAt: null, lastOccurredAt: null });
  });

  it('hashes and counts exactly the bytes written across many chunks', async () => {
    const { sink, bytes } = memorySink();
    const rows = Array.from({ length: 3_000 }, (_, index) =>
      exportRow(1, { recordId: `rec-${String(index).padStart(8, '0')}`, sequence: index + 1, text: `ünïcödé ${'x'.repeat(index % 97)}` }),
    );

    const summary = await writeExportFile(rows, { name: 'big.jsonl', format: 'jsonl' }, sink);

    expect(bytes().length).toBeGreaterThan(128 * 1024);
    expect(summary.rows).toBe(3_000);
    expect(summary.bytes).toBe(bytes().length);
    expect(summary.sha256).toBe(sha256(bytes()));
  });

  it('takes the time range from the rows whatever their order', async () => {
    const { sink } = memorySink();
    const rows = [exportRow(5), exportRow(2), exportRow(9, { occurredAt: new Date('2025-03-01T09:59:59.999Z') }), exportRow(7)];

    const summary = await writeExportFile(rows, { name: 'range.jsonl', format: 'jsonl' }, sink);

    expect([summary.firstOccurredAt, summary.lastOccurredAt]).toEqual(['2025-03-01T09:59:59.999Z', '2025-03-07T10:00:00.000Z']);
  });
});

describe('encodeExportFile', () => {
  it('gives its summary only once every chunk was consumed', async () => {
    const encoding = encodeExportFile([exportRow(1)], { name: 'export.csv', format: 'csv' });

    expect(() => encoding.summary()).toThrow(ExportFileInvalidError);
    const chunks: Buffer[] = [];
    for await (const chunk of encoding.chunks) {
      chunks.push(chunk);
    }
    expect(encoding.summary()).toMatchObject({ rows: 1, sha256: sha256(Buffer.concat(chunks)) });
  });

  it.each(['../etc/passwd', 'dir/export.csv', '.hidden', '', 'export..csv'])('refuses the file name %j', (name) => {
    expect(() => encodeExportFile([], { name, format: 'csv' })).toThrow(ExportFileInvalidError);
  });
});
