import {
  agentStateChanged,
  conversationAfterHours,
  conversationAssigned,
  conversationClosed,
  conversationEnded,
  conversationMenuAbandoned,
  conversationMenuSelected,
  conversationMessageReceived,
  conversationOfferLapsed,
  conversationOffered,
  conversationOverflowed,
  conversationQueued,
  conversationRequeued,
  conversationStarted,
  conversationTransferred,
  envelopeSchemaOf,
  EVENTS,
  eventKey,
  outboundMessageApproved,
  outboundMessageBlocked,
  outboundMessageDeliveryReported,
  outboundMessageFailed,
  outboundMessageSent,
  untypedEnvelopeSchema,
  voiceCallAnswered,
  voiceCallCompleted,
  voiceCallDeflected,
  voiceCallMenuSelected,
  voiceCallStarted,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
} from '@parley/contracts';

/** An accepted event as the engine keeps it: its id, its event time in epoch ms, and its checked payload. */
export interface StoredEvent<TDefinition extends EventDefinition> {
  readonly eventId: string;
  readonly type: TDefinition['type'];
  readonly at: number;
  readonly payload: PayloadOf<TDefinition>;
}

export type ConversationEvent =
  | StoredEvent<typeof conversationStarted>
  | StoredEvent<typeof conversationMessageReceived>
  | StoredEvent<typeof conversationMenuSelected>
  | StoredEvent<typeof conversationMenuAbandoned>
  | StoredEvent<typeof conversationQueued>
  | StoredEvent<typeof conversationAfterHours>
  | StoredEvent<typeof conversationEnded>
  | StoredEvent<typeof conversationOffered>
  | StoredEvent<typeof conversationOfferLapsed>
  | StoredEvent<typeof conversationAssigned>
  | StoredEvent<typeof conversationTransferred>
  | StoredEvent<typeof conversationRequeued>
  | StoredEvent<typeof conversationOverflowed>
  | StoredEvent<typeof conversationClosed>
  | StoredEvent<typeof outboundMessageApproved>
  | StoredEvent<typeof outboundMessageBlocked>
  | StoredEvent<typeof outboundMessageSent>
  | StoredEvent<typeof outboundMessageDeliveryReported>
  | StoredEvent<typeof outboundMessageFailed>;

export type CallEvent =
  | StoredEvent<typeof voiceCallStarted>
  | StoredEvent<typeof voiceCallAnswered>
  | StoredEvent<typeof voiceCallMenuSelected>
  | StoredEvent<typeof voiceCallDeflected>
  | StoredEvent<typeof voiceCallCompleted>;

export type AgentEvent = StoredEvent<typeof agentStateChanged>;

type Subject = 'conversation' | 'call' | 'agent';

interface ReportedEvent {
  readonly definition: EventDefinition;
  readonly subject: Subject;
  /** The payload field holding the producer's own clock reading of the fact, checked against `occurredAt`. */
  readonly timeField: string;
  /** Where the event sorts among events of the same subject at the same millisecond: the order of a conversation's life. */
  readonly rank: number;
}

const REPORTED: readonly ReportedEvent[] = [
  { definition: conversationStarted, subject: 'conversation', timeField: 'startedAt', rank: 0 },
  { definition: conversationMessageReceived, subject: 'conversation', timeField: 'receivedAt', rank: 1 },
  { definition: conversationMenuSelected, subject: 'conversation', timeField: 'selectedAt', rank: 2 },
  { definition: conversationMenuAbandoned, subject: 'conversation', timeField: 'abandonedAt', rank: 3 },
  { definition: conversationAfterHours, subject: 'conversation', timeField: 'at', rank: 4 },
  { definition: conversationQueued, subject: 'conversation', timeField: 'queuedAt', rank: 5 },
  { definition: conversationOverflowed, subject: 'conversation', timeField: 'at', rank: 6 },
  { definition: conversationOffered, subject: 'conversation', timeField: 'offeredAt', rank: 7 },
  { definition: conversationOfferLapsed, subject: 'conversation', timeField: 'at', rank: 8 },
  { definition: conversationAssigned, subject: 'conversation', timeField: 'assignedAt', rank: 9 },
  { definition: outboundMessageApproved, subject: 'conversation', timeField: 'approvedAt', rank: 10 },
  { definition: outboundMessageBlocked, subject: 'conversation', timeField: 'blockedAt', rank: 11 },
  { definition: outboundMessageSent, subject: 'conversation', timeField: 'sentAt', rank: 12 },
  { definition: outboundMessageDeliveryReported, subject: 'conversation', timeField: 'reportedAt', rank: 13 },
  { definition: outboundMessageFailed, subject: 'conversation', timeField: 'failedAt', rank: 14 },
  { definition: conversationTransferred, subject: 'conversation', timeField: 'transferredAt', rank: 15 },
  { definition: conversationRequeued, subject: 'conversation', timeField: 'at', rank: 16 },
  { definition: conversationEnded, subject: 'conversation', timeField: 'endedAt', rank: 17 },
  { definition: conversationClosed, subject: 'conversation', timeField: 'closedAt', rank: 18 },
  { definition: voiceCallStarted, subject: 'call', timeField: 'startedAt', rank: 0 },
  { definition: voiceCallAnswered, subject: 'call', timeField: 'answeredAt', rank: 1 },
  { definition: voiceCallMenuSelected, subject: 'call', timeField: 'selectedAt', rank: 2 },
  { definition: voiceCallDeflected, subject: 'call', timeField: 'deflectedAt', rank: 3 },
  { definition: voiceCallCompleted, subject: 'call', timeField: 'endedAt', rank: 4 },
  { definition: agentStateChanged, subject: 'agent', timeField: 'at', rank: 0 },
];

const reportedByKey = new Map(REPORTED.map((reported) => [eventKey(reported.definition), reported]));
/** The same by type, then version, to find without writing a key. */
const reportedByType = new Map<string, Map<number, ReportedEvent>>();
for (const reported of REPORTED) {
  const versions = reportedByType.get(reported.definition.type) ?? new Map<number, ReportedEvent>();
  versions.set(reported.definition.version, reported);
  reportedByType.set(reported.definition.type, versions);
}
const catalogKeys = new Set(EVENTS.map((definition) => eventKey(definition)));
const catalogTypes = new Set(EVENTS.map((definition) => definition.type));
const rankByType = new Map(REPORTED.map((reported) => [reported.definition.type, reported.rank]));

/** The event types (at their versions) that feed reports; the service subscribes to the topics these travel on. */
export const REPORTED_EVENT_TYPES: readonly string[] = REPORTED.map((reported) => eventKey(reported.definition));

/** The definitions of those events, for the service's consumer to bind. */
export const REPORTED_EVENTS: readonly EventDefinition[] = REPORTED.map((reported) => reported.definition);

export type Intake =
  | { kind: 'conversation'; tenantId: string; conversationId: string; event: ConversationEvent }
  | { kind: 'call'; tenantId: string; callId: string; event: CallEvent }
  | { kind: 'agent'; tenantId: string; agentId: string; event: AgentEvent }
  | { kind: 'ignored'; eventId: string }
  | { kind: 'unsupported'; eventId: string | null; reason: string }
  | { kind: 'invalid'; eventId: string | null; reason: string };

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(envelope)'}: ${issue.message}`)
    .join('; ');
}

function idOf(envelope: unknown): string | null {
  if (typeof envelope === 'object' && envelope !== null && 'eventId' in envelope && typeof envelope.eventId === 'string') {
    return envelope.eventId;
  }
  return null;
}

/** The reported event an envelope says it is, read without validating anything, or null. */
function claimedReportedEvent(envelope: unknown): ReportedEvent | null {
  if (typeof envelope !== 'object' || envelope === null) {
    return null;
  }
  const { type, schemaVersion } = envelope as { type?: unknown; schemaVersion?: unknown };
  if (typeof type !== 'string' || typeof schemaVersion !== 'number') {
    return null;
  }
  return reportedByType.get(type)?.get(schemaVersion) ?? null;
}

/**
 * Checks an envelope as it came off Kafka and says what it is to reporting: a fact about a conversation, a call or an
 * agent (validated against its event's schema), a catalogued event reports do not use, an event type or version this
 * code does not know, or a malformed event. Pure: no clock, no state. `validated` says the envelope is the output of
 * its event's own schema already (the messaging layer parsed it, or it was recorded after that), so it is not parsed
 * again.
 */
export function readEnvelope(envelope: unknown, maxClockSkewMs: number, validated = false): Intake {
  const claimed = claimedReportedEvent(envelope);
  if (claimed && validated) {
    return accepted(claimed, envelope as EventOf<EventDefinition>, maxClockSkewMs);
  }
  if (claimed) {
    // A reported event's own schema accepts only envelopes the header schema accepts too (a spec checks it for every
    // reported event), so passing it settles the header; an envelope it rejects goes the long way, for the same verdict.
    const parsed = envelopeSchemaOf(claimed.definition).safeParse(envelope);
    if (parsed.success) {
      return accepted(claimed, parsed.data, maxClockSkewMs);
    }
  }
  const header = untypedEnvelopeSchema.safeParse(envelope);
  if (!header.success) {
    return { kind: 'invalid', eventId: idOf(envelope), reason: describeIssues(header.error.issues) };
  }
  const { eventId, type, schemaVersion } = header.data;
  const key = eventKey({ type, version: schemaVersion });
  const reported = reportedByKey.get(key);
  if (!reported) {
    if (catalogKeys.has(key)) {
      return { kind: 'ignored', eventId };
    }
    const reason = catalogTypes.has(type) ? `unknown version ${schemaVersion} of ${type}` : `unknown event type ${type}`;
    return { kind: 'unsupported', eventId, reason };
  }
  const parsed = envelopeSchemaOf(reported.definition).safeParse(envelope);
  if (!parsed.success) {
    return { kind: 'invalid', eventId, reason: describeIssues(parsed.error.issues) };
  }
  return accepted(reported, parsed.data, maxClockSkewMs);
}

/** A reported event whose envelope passed its schema, unless its payload time is too far from `occurredAt`. */
function accepted(reported: ReportedEvent, data: EventOf<EventDefinition>, maxClockSkewMs: number): Intake {
  const { eventId, type } = data;
  const at = Date.parse(data.occurredAt);
  const payload = data.payload as Record<string, unknown>;
  const factTime = payload[reported.timeField];
  // Most producers stamp the fact with the envelope's own time, already read.
  if (typeof factTime === 'string' && Math.abs((factTime === data.occurredAt ? at : Date.parse(factTime)) - at) > maxClockSkewMs) {
    return { kind: 'invalid', eventId, reason: `clock-skew: ${reported.timeField} differs from occurredAt by more than ${maxClockSkewMs} ms` };
  }
  const tenantId = data.tenantId;
  // The union members are built from the same definitions the schema was, so the checked payload matches its type.
  const stored = { eventId, type, at, payload: data.payload };
  switch (reported.subject) {
    case 'conversation':
      return { kind: 'conversation', tenantId, conversationId: data.conversationId ?? '', event: stored as ConversationEvent };
    case 'call':
      return { kind: 'call', tenantId, callId: (payload['callId'] as string | undefined) ?? '', event: stored as CallEvent };
    case 'agent':
      return { kind: 'agent', tenantId, agentId: (payload['agentId'] as string | undefined) ?? '', event: stored as AgentEvent };
  }
}

/** The order of a subject's events: event time, then the order of a conversation's life, then event id. */
export function compareEvents(left: { at: number; type: string; eventId: string }, right: { at: number; type: string; eventId: string }): number {
  if (left.at !== right.at) {
    return left.at - right.at;
  }
  const rankDifference = (rankByType.get(left.type) ?? 0) - (rankByType.get(right.type) ?? 0);
  if (rankDifference !== 0) {
    return rankDifference;
  }
  return left.eventId < right.eventId ? -1 : left.eventId > right.eventId ? 1 : 0;
}
