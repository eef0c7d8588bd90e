import { type ArchiveExportRow } from '../src/export/export-row.ts';

/** Row n of a conversation, occurring at 10:00 UTC on 2025-03-0n, changed as given. */
export function exportRow(n: number, overrides: Partial<ArchiveExportRow> = {}): ArchiveExportRow {
  return {
    recordId: `rec-0000000${n}`,
    tenantId: 'tenant-0001',
    conversationId: 'conv-000001',
    sequence: n,
    occurredAt: `2025-03-0${n}T10:00:00Z`,
    eventType: 'conversation.message.received',
    kind: 'event',
    customerNumber: '+14155550100',
    businessNumber: '+14155550111',
    agentId: null,
    queue: 'sales',
    disposition: null,
    text: `text ${n}`,
    supersedesRecordId: null,
    hash: String(n).repeat(64),
    ...overrides,
  };
}
