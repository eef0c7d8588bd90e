import { e164Schema, opaqueIdSchema, queueKeySchema } from '@parley/contracts';
import { z } from 'zod';
import { canonicalInstant } from '../chain/canonical-json.ts';
import { SHA256_HEX_PATTERN } from '../chain/sha256.ts';
import { dispositionSchema, type ArchiveSearch } from '../search/search-query.ts';
import { EXPORT_FORMATS, exportFileNameSchema, type ExportFileSummary } from './export-writer.ts';
import { ExportManifestInvalidError } from './export.errors.ts';

const instant = z.iso.datetime({ precision: 3 });
const count = z.number().int().min(0);

/** The search an export answered, echoed so the manifest says what was asked for. */
export const exportQueryEchoSchema = z.strictObject({
  customerNumber: e164Schema.optional(),
  businessNumber: e164Schema.optional(),
  agentId: opaqueIdSchema.optional(),
  queue: queueKeySchema.optional(),
  disposition: dispositionSchema.optional(),
  from: instant,
  to: instant,
  text: z.string().optional(),
  terms: z.array(z.string()),
});

export const exportManifestFileSchema = z.strictObject({
  name: exportFileNameSchema,
  format: z.enum(EXPORT_FORMATS),
  bytes: count,
  sha256: z.string().regex(SHA256_HEX_PATTERN, 'a lower-case hex sha256'),
  rows: count,
});

/**
 * The manifest of an eDiscovery export. Each format holds every row once, so all formats count the same rows;
 * `timeRange` spans the rows' `occurredAt` and is null when there are none.
 */
export const exportManifestSchema = z
  .strictObject({
    manifestVersion: z.literal(1),
    exportId: opaqueIdSchema,
    tenantId: opaqueIdSchema,
    generatedAt: instant,
    query: exportQueryEchoSchema,
    files: z.array(exportManifestFileSchema).min(1),
    totals: z.strictObject({ files: count, bytes: count, rows: count }),
    timeRange: z.strictObject({ from: instant, to: instant }).nullable(),
  })
  .superRefine((manifest, context) => {
    const names = new Set(manifest.files.map((file) => file.name));
    if (names.size !== manifest.files.length) {
      context.addIssue({ code: 'custom', path: ['files'], message: 'file names must be unique' });
    }
    const rowsPerFormat = rowsByFormat(manifest.files);
    if (new Set(rowsPerFormat.values()).size > 1) {
      context.addIssue({ code: 'custom', path: ['files'], message: 'every format must hold the same rows' });
    }
    const expected = {
      files: manifest.files.length,
      bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
      rows: [...rowsPerFormat.values()][0] ?? 0,
    };
    if (manifest.totals.files !== expected.files || manifest.totals.bytes !== expected.bytes || manifest.totals.rows !== expected.rows) {
      context.addIssue({ code: 'custom', path: ['totals'], message: `totals must be ${JSON.stringify(expected)}` });
    }
    if ((manifest.timeRange === null) !== (manifest.totals.rows === 0)) {
      context.addIssue({ code: 'custom', path: ['timeRange'], message: 'a time range is given exactly when there are rows' });
    }
    if (manifest.timeRange !== null && manifest.timeRange.from > manifest.timeRange.to) {
      context.addIssue({ code: 'custom', path: ['timeRange'], message: '`from` must not be after `to`' });
    }
  });

export type ExportManifest = z.infer<typeof exportManifestSchema>;

function rowsByFormat(files: readonly { format: string; rows: number }[]): Map<string, number> {
  const rows = new Map<string, number>();
  for (const file of files) {
    rows.set(file.format, (rows.get(file.format) ?? 0) + file.rows);
  }
  return rows;
}

/** The query part of a manifest, from the validated search the export ran. */
export function exportQueryEcho(search: ArchiveSearch): ExportManifest['query'] {
  return {
    ...(search.customerNumber === undefined ? {} : { customerNumber: search.customerNumber }),
    ...(search.businessNumber === undefined ? {} : { businessNumber: search.businessNumber }),
    ...(search.agentId === undefined ? {} : { agentId: search.agentId }),
    ...(search.queue === undefined ? {} : { queue: search.queue }),
    ...(search.disposition === undefined ? {} : { disposition: search.disposition }),
    from: search.from.toISOString(),
    to: search.to.toISOString(),
    ...(search.text === undefined ? {} : { text: search.text }),
    terms: [...search.terms],
  };
}

/**
 * Builds the manifest from the summaries of the files written for one search; throws
 * `ExportManifestInvalidError` when the files disagree (formats with different row counts, duplicate names).
 */
export function buildExportManifest(input: {
  exportId: string;
  generatedAt: string | Date;
  search: ArchiveSearch;
  files: readonly ExportFileSummary[];
}): ExportManifest {
  const firsts = input.files.flatMap((file) => (file.firstOccurredAt === null ? [] : [Date.parse(file.firstOccurredAt)]));
  const lasts = input.files.flatMap((file) => (file.lastOccurredAt === null ? [] : [Date.parse(file.lastOccurredAt)]));
  const files = input.files.map(({ name, format, bytes, sha256, rows }) => ({ name, format, bytes, sha256, rows }));
  const candidate = {
    manifestVersion: 1,
    exportId: input.exportId,
    tenantId: input.search.tenantId,
    generatedAt: canonicalInstant(input.generatedAt),
    query: exportQueryEcho(input.search),
    files,
    totals: {
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      rows: [...rowsByFormat(files).values()][0] ?? 0,
    },
    timeRange:
      firsts.length === 0 ? null : { from: new Date(Math.min(...firsts)).toISOString(), to: new Date(Math.max(...lasts)).toISOString() },
  };
  const parsed = exportManifestSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new ExportManifestInvalidError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'manifest'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}
