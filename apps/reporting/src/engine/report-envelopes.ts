import { createHash } from 'node:crypto';
import { reportAgentIntervalPublished, reportConversationPublished, reportIntervalPublished, type EventOf } from '@parley/contracts';
import { deriveEventId, type EventPublisher } from '@parley/platform/messaging';
import { rowKeyId, type ReportRow, type ReportRowKey } from '@parley/reporting-domain';

export type ReportEnvelope =
  | EventOf<typeof reportIntervalPublished>
  | EventOf<typeof reportAgentIntervalPublished>
  | EventOf<typeof reportConversationPublished>;

export function rowKeyOf(row: ReportRow): ReportRowKey {
  switch (row.kind) {
    case 'interval':
      return { kind: 'interval', tenantId: row.row.tenantId, intervalStart: row.row.intervalStart, queue: row.row.queue, channel: row.row.channel };
    case 'agent-interval':
      return { kind: 'agent-interval', tenantId: row.row.tenantId, intervalStart: row.row.intervalStart, agentId: row.row.agentId };
    case 'conversation':
      return { kind: 'conversation', tenantId: row.row.tenantId, conversationId: row.row.conversationId };
  }
}

/**
 * A row's Kafka key: a digest of its identity, because queue names are free text and keys must be opaque ids.
 * The same for every revision of the row, so compaction keeps only the latest.
 */
export function reportIdOf(key: ReportRowKey): string {
  return createHash('sha256').update(rowKeyId(key)).digest('base64url');
}

/**
 * The event publishing one version of a row, checked against its contract. Its id is derived from the row and
 * revision, so publishing the same version twice (a relay retried after a crash) gives consumers a duplicate to drop.
 */
export function reportEnvelopeOf(publisher: EventPublisher, row: ReportRow, publishedAt: Date): { reportId: string; envelope: ReportEnvelope } {
  const key = rowKeyOf(row);
  const reportId = reportIdOf(key);
  const eventId = deriveEventId(rowKeyId(key), `report-revision:${row.row.revision}`);
  switch (row.kind) {
    case 'interval':
      return {
        reportId,
        envelope: publisher.envelope(reportIntervalPublished, { tenantId: row.row.tenantId, eventId, occurredAt: publishedAt, payload: { reportId, ...row.row } }),
      };
    case 'agent-interval':
      return {
        reportId,
        envelope: publisher.envelope(reportAgentIntervalPublished, { tenantId: row.row.tenantId, eventId, occurredAt: publishedAt, payload: { reportId, ...row.row } }),
      };
    case 'conversation':
      return {
        reportId,
        envelope: publisher.envelope(reportConversationPublished, {
          tenantId: row.row.tenantId,
          conversationId: row.row.conversationId,
          eventId,
          occurredAt: publishedAt,
          payload: { reportId, ...row.row },
        }),
      };
  }
}
