import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportRow } from '../../test/export-rows.builder.ts';
import { parseArchiveSearch } from '../search/search-query.ts';
import { buildExportManifest, exportManifestSchema } from './export-manifest.ts';
import { type ArchiveExportRow } from './export-row.ts';
import { writeExportFile, type ExportFileSummary } from './export-writer.ts';
import { ExportManifestInvalidError } from './export.errors.ts';

const SEARCH = parseArchiveSearch('tenant-0001', {
  from: '2025-03-01T00:00:00Z',
  to: '2025-04-01T00:00:00Z',
  customerNumber: '+14155550100',
  text: 'Refund, please',
});

/** Writes rows in both formats, as an export job does, keeping each file's bytes. */
async function exportBoth(rows: readonly ArchiveExportRow[]): Promise<{ files: ExportFileSummary[]; written: Map<string, Buffer> }> {
  const written = new Map<string, Buffer>();
  const files: ExportFileSummary[] = [];
  for (const [name, format] of [
    ['records.jsonl', 'jsonl'],
    ['records.csv', 'csv'],
  ] as const) {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    files.push(await writeExportFile(rows, { name, format }, sink));
    written.set(name, Buffer.concat(chunks));
  }
  return { files, written };
}

describe('buildExportManifest', () => {
  it('describes each file by the sha256 of the bytes actually written, with totals and the rows time range', async () => {
    const { files, written } = await exportBoth([exportRow(3), exportRow(1), exportRow(2)]);

    const manifest = buildExportManifest({ exportId: 'export-000001', generatedAt: '2025-04-02T08:00:00Z', search: SEARCH, files });

    expect(manifest).toEqual({
      manifestVersion: 1,
      exportId: 'export-000001',
      tenantId: 'tenant-0001',
      generatedAt: '2025-04-02T08:00:00.000Z',
      query: {
        customerNumber: '+14155550100',
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-04-01T00:00:00.000Z',
        text: 'Refund, please',
        terms: ['refund', 'please'],
      },
      files: [
        { name: 'records.jsonl', format: 'jsonl', bytes: written.get('records.jsonl')!.length, sha256: expect.any(String) as string, rows: 3 },
        { name: 'records.csv', format: 'csv', bytes: written.get('records.csv')!.length, sha256: expect.any(String) as string, rows: 3 },
      ],
      totals: { files: 2, bytes: written.get('records.jsonl')!.length + written.get('records.csv')!.length, rows: 3 },
      timeRange: { from: '2025-03-01T10:00:00.000Z', to: '2025-03-03T10:00:00.000Z' },
    });
    for (const file of manifest.files) {
      expect(file.sha256).toBe(createHash('sha256').update(written.get(file.name)!).digest('hex'));
    }
    expect(exportManifestSchema.parse(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
  });

  it('gives an empty export a valid manifest with zero rows and no time range', async () => {
    const { files } = await exportBoth([]);

    const manifest = buildExportManifest({ exportId: 'export-000002', generatedAt: new Date('2025-04-02T08:00:00Z'), search: SEARCH, files });

    expect(manifest.totals).toEqual({ files: 2, bytes: files[1]!.bytes, rows: 0 });
    expect(manifest.files.map((file) => file.rows)).toEqual([0, 0]);
    expect(manifest.files[0]!.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(manifest.timeRange).toBeNull();
    expect(exportManifestSchema.safeParse(manifest).success).toBe(true);
  });

  it('refuses formats that hold different numbers of rows', async () => {
    const { files } = await exportBoth([exportRow(1)]);
    const short = files.map((file) => (file.format === 'csv' ? { ...file, rows: 0 } : file));

    expect(() => buildExportManifest({ exportId: 'export-000003', generatedAt: '2025-04-02T08:00:00Z', search: SEARCH, files: short })).toThrow(
      ExportManifestInvalidError,
    );
  });

  it('refuses two files of one name and an export without files', async () => {
    const { files } = await exportBoth([exportRow(1)]);
    const input = { exportId: 'export-000004', generatedAt: '2025-04-02T08:00:00Z', search: SEARCH };

    expect(() => buildExportManifest({ ...input, files: [files[0]!, files[0]!] })).toThrow('file names must be unique');
    expect(() => buildExportManifest({ ...input, files: [] })).toThrow(ExportManifestInvalidError);
  });
});

describe('exportManifestSchema', () => {
  it('rejects a manifest whose totals do not add up', async () => {
    const { files } = await exportBoth([exportRow(1)]);
    const manifest = buildExportManifest({ exportId: 'export-000005', generatedAt: '2025-04-02T08:00:00Z', search: SEARCH, files });

    const result = exportManifestSchema.safeParse({ ...manifest, totals: { ...manifest.totals, bytes: manifest.totals.bytes + 1 } });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['totals']);
  });

  it('rejects a file name that leaves the export folder', async () => {
    const { files } = await exportBoth([exportRow(1)]);
    const manifest = buildExportManifest({ exportId: 'export-000006', generatedAt: '2025-04-02T08:00:00Z', search: SEARCH, files });
    const escaped = { ...manifest, files: manifest.files.map((file, index) => (index === 0 ? { ...file, name: '../records.jsonl' } : file)) };

    expect(exportManifestSchema.safeParse(escaped).success).toBe(false);
  });
});
