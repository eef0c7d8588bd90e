import { createHash } from 'node:crypto';
import { type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { canonicalInstant } from '../chain/canonical-json.ts';
import { encodeCsvLine } from './csv-encoding.ts';
import { ARCHIVE_EXPORT_COLUMNS, type ArchiveExportRow, type ExportCell } from './export-row.ts';
import { ExportFileInvalidError } from './export.errors.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A bare file name, so a manifest can never point outside the export's own folder. */
export const exportFileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a file name of letters, digits, ".", "_" or "-"')
  .refine((name) => !name.includes('..'), { error: 'a file name without ".."' });

/** What was written, measured on the bytes themselves as they streamed. */
export interface ExportFileSummary {
  name: string;
  format: ExportFormat;
  bytes: number;
  /** Lower-case hex SHA-256 of exactly the bytes produced. */
  sha256: string;
  rows: number;
  /** Earliest and latest `occurredAt` among the rows, null for a file without rows. */
  firstOccurredAt: string | null;
  lastOccurredAt: string | null;
}

/** An export file as a stream of chunks, and its summary once the stream has been read to the end. */
export interface ExportEncoding {
  chunks: AsyncIterable<Buffer>;
  /** Throws until every chunk has been consumed. */
  summary(): ExportFileSummary;
}

/** Chunks are gathered to about this size so a large export is not thousands of tiny writes. */
const CHUNK_CHARS = 64 * 1024;

const CSV_HEADER = encodeCsvLine(ARCHIVE_EXPORT_COLUMNS);

function cellsOf(row: ArchiveExportRow, occurredAt: string): ExportCell[] {
  return ARCHIVE_EXPORT_COLUMNS.map((column) => (column === 'occurredAt' ? occurredAt : row[column]));
}

function encodeRow(format: ExportFormat, row: ArchiveExportRow, occurredAt: string): string {
  switch (format) {
    case 'csv':
      return encodeCsvLine(cellsOf(row, occurredAt));
    case 'jsonl': {
      const cells = cellsOf(row, occurredAt);
      return `${JSON.stringify(Object.fromEntries(ARCHIVE_EXPORT_COLUMNS.map((column, index) => [column, cells[index] ?? null])))}\n`;
    }
  }
}

/**
 * Turns archive rows into one export file: JSON lines (one object per line, keys in column order) or CSV (a
 * fixed header, RFC 4180 quoting, formula guard). Counts rows and bytes and hashes the bytes as they are produced.
 */
export function encodeExportFile(
  rows: AsyncIterable<ArchiveExportRow> | Iterable<ArchiveExportRow>,
  file: { name: string; format: ExportFormat },
): ExportEncoding {
  if (!exportFileNameSchema.safeParse(file.name).success) {
    throw new ExportFileInvalidError(`unsafe export file name: ${file.name}`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  let rowCount = 0;
  let first: number | undefined;
  let last: number | undefined;
  let result: ExportFileSummary | undefined;

  function take(text: string): Buffer {
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    bytes += chunk.length;
    return chunk;
  }

  async function* produce(): AsyncGenerator<Buffer> {
    let pending = file.format === 'csv' ? CSV_HEADER : '';
    for await (const row of rows) {
      const occurredAt = canonicalInstant(row.occurredAt);
      const time = Date.parse(occurredAt);
      first = first === undefined ? time : Math.min(first, time);
      last = last === undefined ? time : Math.max(last, time);
      rowCount += 1;
      pending += encodeRow(file.format, row, occurredAt);
      if (pending.length >= CHUNK_CHARS) {
        yield take(pending);
        pending = '';
      }
    }
    if (pending.length > 0) {
      yield take(pending);
    }
    result = {
      name: file.name,
      format: file.format,
      bytes,
      sha256: hash.digest('hex'),
      rows: rowCount,
      firstOccurredAt: first === undefined ? null : new Date(first).toISOString(),
      lastOccurredAt: last === undefined ? null : new Date(last).toISOString(),
    };
  }

  return {
    chunks: produce(),
    summary(): ExportFileSummary {
      if (result === undefined) {
        throw new ExportFileInvalidError(`export file ${file.name} has not been written to the end`);
      }
      return result;
    },
  };
}

/** Streams an export file into `destination` (ending it), with backpressure, and resolves with its summary. */
export async function writeExportFile(
  rows: AsyncIterable<ArchiveExportRow> | Iterable<ArchiveExportRow>,
  file: { name: string; format: ExportFormat },
  destination: Writable,
): Promise<ExportFileSummary> {
  const encoding = encodeExportFile(rows, file);
  await pipeline(encoding.chunks, destination);
  return encoding.summary();
}
