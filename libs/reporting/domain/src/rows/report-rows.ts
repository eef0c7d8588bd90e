import type { AgentIntervalRow, ConversationRecord, IntervalRow, ReportChannel } from '@parley/contracts';

/** The published rows' schemas live in the contracts, where the report topics' JSON Schemas are made from them. */
export {
  CONVERSATION_OUTCOMES,
  NO_QUEUE,
  agentIntervalRowSchema,
  conversationRecordSchema,
  intervalRowSchema,
  reportChannelSchema,
  reportQueueSchema,
  type AgentIntervalRow,
  type ConversationRecord,
  type IntervalRow,
  type ReportChannel,
} from '@parley/contracts';

export type ReportRow =
  | { kind: 'interval'; row: IntervalRow }
  | { kind: 'agent-interval'; row: AgentIntervalRow }
  | { kind: 'conversation'; row: ConversationRecord };

export type ReportRowKey =
  | { kind: 'interval'; tenantId: string; intervalStart: string; queue: string; channel: ReportChannel }
  | { kind: 'agent-interval'; tenantId: string; intervalStart: string; agentId: string }
  | { kind: 'conversation'; tenantId: string; conversationId: string };

/** One string per row identity, stable across runs: the Kafka key of a report topic and the engine's map key. */
export function rowKeyId(key: ReportRowKey): string {
  switch (key.kind) {
    case 'interval':
      return `interval/${key.tenantId}/${key.intervalStart}/${key.queue}/${key.channel}`;
    case 'agent-interval':
      return `agent-interval/${key.tenantId}/${key.intervalStart}/${key.agentId}`;
    case 'conversation':
      return `conversation/${key.tenantId}/${key.conversationId}`;
  }
}
