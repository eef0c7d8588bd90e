import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { sensitiveDataTypeSchema } from '../compliance/screening.events.ts';
import { defineEvent } from '../event-definition.ts';
import { CONVERSATION_CHANNELS, CONVERSATION_END_REASONS, MENU_EXITS } from '../front-door/front-door.events.ts';

const instant = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const seconds = z.number().min(0);
const ratio = z.number().min(0).max(1);

/** The queue key on rows of work that never reached a queue (menu traffic, a call that chose none). */
export const NO_QUEUE = '-';

/** A queue key as the events carry it (voice menus name queues as free text up to 64 characters), or `-` for none. */
export const reportQueueSchema = z.string().min(1).max(64);

/** Which medium the work was done in: a call in a voice queue, or a text conversation (a deflected caller's included). */
export const reportChannelSchema = z.enum(CONVERSATION_CHANNELS);
export type ReportChannel = z.infer<typeof reportChannelSchema>;

/** Every published row says which version it is and whether it can still change. */
const versionFields = {
  /** 1 for the first version published; each later publication of the same key adds 1 (compacted topics keep the highest). */
  revision: z.number().int().min(1),
  /** True once the watermark has passed the row: it will never be published again. */
  final: z.boolean(),
};

export const intervalRowSchema = z.object({
  tenantId: opaqueIdSchema,
  intervalStart: instant,
  intervalEnd: instant,
  queue: reportQueueSchema,
  channel: reportChannelSchema,
  ...versionFields,
  offered: count,
  answered: count,
  answeredWithinThreshold: count,
  handled: count,
  abandoned: count,
  deflected: count,
  transferred: count,
  overflowed: count,
  averageWaitSeconds: seconds.nullable(),
  p90WaitSeconds: seconds.nullable(),
  maxWaitSeconds: seconds.nullable(),
  averageHandleSeconds: seconds.nullable(),
  serviceLevelThresholdSeconds: seconds,
  serviceLevel: ratio.nullable(),
  messagesReceived: count,
  segmentsReceived: count,
  messagesSent: count,
  segmentsSent: count,
});
export type IntervalRow = z.infer<typeof intervalRowSchema>;

export const agentIntervalRowSchema = z.object({
  tenantId: opaqueIdSchema,
  intervalStart: instant,
  intervalEnd: instant,
  agentId: opaqueIdSchema,
  ...versionFields,
  handled: count,
  staffedSeconds: seconds,
  availableSeconds: seconds,
  conversationSeconds: seconds,
  averageConcurrency: z.number().min(0).nullable(),
  occupancy: ratio.nullable(),
  firstResponses: count,
  averageFirstResponseSeconds: seconds.nullable(),
});
export type AgentIntervalRow = z.infer<typeof agentIntervalRowSchema>;

export const CONVERSATION_OUTCOMES = ['handled', 'abandoned', 'not-queued'] as const;

export const conversationRecordSchema = z.object({
  tenantId: opaqueIdSchema,
  conversationId: opaqueIdSchema,
  ...versionFields,
  /** How the conversation began: `voice` for a caller who switched to text. */
  channel: reportChannelSchema,
  /** The media the customer used in order, such as `['voice', 'sms']` for a deflected call. */
  channelPath: z.array(reportChannelSchema),
  callId: opaqueIdSchema.nullable(),
  voiceLeg: z
    .object({
      queue: reportQueueSchema.nullable(),
      callStartedAt: instant.nullable(),
      deflectedAt: instant.nullable(),
      voiceWaitSeconds: seconds.nullable(),
    })
    .nullable(),
  outcome: z.enum(CONVERSATION_OUTCOMES),
  /** `agent` when an agent closed it, `front-door` when the front door ended it. */
  endedBy: z.enum(['agent', 'front-door']),
  endReason: z.enum(CONVERSATION_END_REASONS).nullable(),
  disposition: z.string().nullable(),
  startedAt: instant.nullable(),
  firstQueuedAt: instant.nullable(),
  firstAssignedAt: instant.nullable(),
  firstAnsweredAt: instant.nullable(),
  endedAt: instant,
  queues: z.array(reportQueueSchema),
  agents: z.array(opaqueIdSchema),
  transfers: count,
  overflows: count,
  requeues: count,
  /** Queued to the first agent reply of the first queue visit; null when no agent replied. */
  waitSeconds: seconds.nullable(),
  /** Time agents held the conversation, summed over every holder. */
  handleSeconds: seconds,
  menuPath: z.array(z.object({ menuId: z.string(), nodeId: z.string(), optionKey: z.string() })),
  menuExit: z.enum(MENU_EXITS).nullable(),
  afterHours: z.boolean(),
  messagesReceived: count,
  segmentsReceived: count,
  messagesSent: count,
  segmentsSent: count,
  messagesFailed: count,
  messagesBlocked: count,
  messagesUndelivered: count,
  findings: z.partialRecord(sensitiveDataTypeSchema, count),
});
export type ConversationRecord = z.infer<typeof conversationRecordSchema>;

/**
 * The Kafka key of a report row: an opaque digest of the row's identity (tenant, interval, queue and channel; tenant,
 * interval and agent; or tenant and conversation), the same for every revision, so compaction keeps the latest.
 */
const reportIdField = { reportId: opaqueIdSchema };

export const reportIntervalPublished = defineEvent({
  type: 'report.interval.published',
  version: 1,
  topic: 'report.intervals',
  producers: ['reporting'],
  requiresConversation: false,
  description:
    'A version of one 15-minute interval row of a queue and channel: offered, answered, handled, abandoned, waits, service level and messages. A higher `revision` of the same `reportId` replaces the earlier one; `final: true` is the last.',
  payload: intervalRowSchema.extend(reportIdField),
});

export const reportAgentIntervalPublished = defineEvent({
  type: 'report.agent-interval.published',
  version: 1,
  topic: 'report.agent-intervals',
  producers: ['reporting'],
  requiresConversation: false,
  description:
    "A version of one agent's 15-minute interval row: handled, staffed and available time, concurrency, occupancy and first responses. A higher `revision` of the same `reportId` replaces the earlier one; `final: true` is the last.",
  payload: agentIntervalRowSchema.extend(reportIdField),
});

export const reportConversationPublished = defineEvent({
  type: 'report.conversation.published',
  version: 1,
  topic: 'report.conversations',
  producers: ['reporting'],
  requiresConversation: false,
  description:
    'A version of the record of one finished conversation: how it came in, its menu path, queues, agents, waits, handle time, messages and outcome; never its text or phone numbers. A higher `revision` of the same `reportId` replaces the earlier one; `final: true` is the last.',
  payload: conversationRecordSchema.extend(reportIdField),
});
