import { type ExportCell } from './export-row.ts';

/** Leading characters a spreadsheet would read as the start of a formula. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Needs quoting under RFC 4180: a separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field: null as empty; a value starting with = + - @ tab or CR prefixed with `'` so a spreadsheet shows
 * it as text instead of running it; quoted, with quotes doubled, when RFC 4180 requires it.
 */
export function encodeCsvCell(value: ExportCell): string {
  if (value === null) {
    return '';
  }
  const text = String(value);
  const guarded = FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One CSV record, CRLF-terminated as RFC 4180 has it. */
export function encodeCsvLine(cells: readonly ExportCell[]): string {
  return `${cells.map(encodeCsvCell).join(',')}\r\n`;
}
