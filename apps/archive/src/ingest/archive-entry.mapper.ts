import type { EventDraft, JsonObject } from '@parley/archive-domain';
import type { ChainPlacement, RecordFacets } from '@parley/archive-data-access/store';
import { eventsOnTopic, TOPICS, type EventDefinition, type UntypedEnvelope } from '@parley/contracts';

/** Every topic the catalog lists the archive as a consumer of, except the pipeline probes (relayed, not archived). */
export const ARCHIVED_TOPICS: readonly string[] = TOPICS.filter(
  (topic) => (topic.consumers as readonly string[]).includes('archive') && topic.name !== 'diagnostics.probes',
).map((topic) => topic.name);

/** Every event type and version on those topics: the archive keeps all of them. */
export const ARCHIVED_EVENTS: readonly EventDefinition[] = ARCHIVED_TOPICS.flatMap((topic) => eventsOnTopic(topic));

export const REDACTION_EVENT_TYPE = 'conversation.message.redacted';
export const CUSTOMER_MESSAGE_EVENT_TYPE = 'conversation.message.received';

/** One event as the archive will store it, before the chain places it. */
export interface ArchiveEntry {
  placement: ChainPlacement;
  draft: EventDraft;
  /** The screened text, which is stored beside the record and committed to, never chained. */
  text: string | null;
  facets: RecordFacets;
  /** The customer message the event is about, for redactions and the messages they redact. */
  messageId: string | null;
}

/** The record id of an archived event: derived from the event id, so a redelivery cannot mint a second one. */
export function recordIdOf(eventId: string): string {
  return `rec_${eventId.toLowerCase().replaceAll('-', '')}`;
}

/**
 * Which chain an event joins. A conversation's events (and a consent change made inside one) chain per
 * conversation; a call's voice events per call; everything else of a tenant (agents' states, consent changes
 * outside a conversation, carrier traffic) per calendar month of arrival, so such a chain ends and can be purged.
 */
export function placementOf(event: UntypedEnvelope, payload: Readonly<Record<string, unknown>>, topic: string, archivedAt: Date): ChainPlacement {
  const conversationId = event.conversationId ?? stringField(payload, 'conversationId');
  if (conversationId !== null) {
    return { tenantId: event.tenantId, chainId: conversationId, kind: 'conversation', conversationId };
  }
  const callId = topic === 'voice.events' ? stringField(payload, 'callId') : null;
  if (callId !== null) {
    return { tenantId: event.tenantId, chainId: `call_${callId}`, kind: 'call', conversationId: null };
  }
  return { tenantId: event.tenantId, chainId: `log_${archivedAt.toISOString().slice(0, 7)}`, kind: 'tenant-log', conversationId: null };
}

/** Maps a validated event to what the archive stores: the text apart, every other field in the record's attributes. */
export function toArchiveEntry(event: UntypedEnvelope, topic: string, archivedAt: Date): ArchiveEntry {
  const payload = isObject(event.payload) ? event.payload : {};
  const { text, ...rest } = payload;
  const placement = placementOf(event, payload, topic, archivedAt);
  const envelope: JsonObject = {
    producer: event.producer,
    schemaVersion: event.schemaVersion,
    ...(event.causationId === undefined ? {} : { causationId: event.causationId }),
    ...(event.conversationId === undefined ? {} : { conversationId: event.conversationId }),
  };
  const eventId = event.eventId.toLowerCase();
  return {
    placement,
    draft: {
      tenantId: event.tenantId,
      conversationId: placement.chainId,
      recordId: recordIdOf(eventId),
      eventId,
      eventType: event.type,
      occurredAt: event.occurredAt,
      archivedAt,
      attributes: { envelope, payload: rest as JsonObject },
    },
    text: typeof text === 'string' ? text : null,
    facets: facetsOf(event, payload),
    messageId: stringField(payload, 'messageId'),
  };
}

function facetsOf(event: UntypedEnvelope, payload: Readonly<Record<string, unknown>>): RecordFacets {
  const requestedBy = payload['requestedBy'];
  return {
    conversationId: event.conversationId ?? stringField(payload, 'conversationId'),
    customerNumber: stringField(payload, 'customerNumber') ?? stringField(payload, 'callerNumber'),
    businessNumber: stringField(payload, 'businessNumber'),
    agentId:
      stringField(payload, 'agentId') ??
      stringField(payload, 'fromAgentId') ??
      (isObject(requestedBy) ? stringField(requestedBy, 'agentId') : null),
    queue: stringField(payload, 'queue') ?? stringField(payload, 'toQueue'),
    disposition: stringField(payload, 'disposition'),
  };
}

function stringField(source: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = source[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
