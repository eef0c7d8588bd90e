import { type ArchiveRecordKind } from '../chain/archive-record.ts';

/** Columns of every export, in file order; the CSV header and the JSON-lines key order. */
export const ARCHIVE_EXPORT_COLUMNS = [
  'recordId',
  'tenantId',
  'conversationId',
  'sequence',
  'occurredAt',
  'eventType',
  'kind',
  'customerNumber',
  'businessNumber',
  'agentId',
  'queue',
  'disposition',
  'text',
  'supersedesRecordId',
  'hash',
] as const;

export type ArchiveExportColumn = (typeof ARCHIVE_EXPORT_COLUMNS)[number];

/** One archived record as an export shows it: its chain fields, the conversation's facts and its current text. */
export interface ArchiveExportRow {
  recordId: string;
  tenantId: string;
  conversationId: string;
  sequence: number;
  occurredAt: string | Date;
  eventType: string;
  kind: ArchiveRecordKind;
  customerNumber: string | null;
  businessNumber: string | null;
  agentId: string | null;
  queue: string | null;
  disposition: string | null;
  /** The current screened text (the redacted one after a redaction), null for events without text. */
  text: string | null;
  supersedesRecordId: string | null;
  hash: string;
}

export type ExportCell = string | number | null;
