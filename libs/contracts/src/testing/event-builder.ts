import { randomUUID } from 'node:crypto';
import type { EventDefinition, EventOf, PayloadOf } from '../events/event-definition.ts';
import type { ServiceName } from '../services/service-name.ts';

export interface BuildEventOptions {
  eventId?: string;
  tenantId?: string;
  conversationId?: string;
  occurredAt?: Date;
  producer?: ServiceName;
  causationId?: string;
}

/** Builds a well-formed envelope for tests; override any field to build the odd ones. */
export function buildEvent<TDefinition extends EventDefinition>(
  definition: TDefinition,
  payload: PayloadOf<TDefinition>,
  options: BuildEventOptions = {},
): EventOf<TDefinition> {
  const producer = options.producer ?? definition.producers[0];
  if (!producer) {
    throw new Error(`${definition.type} declares no producer`);
  }
  return {
    eventId: options.eventId ?? randomUUID(),
    type: definition.type,
    schemaVersion: definition.version,
    tenantId: options.tenantId ?? 'tenant-test-0001',
    ...(options.conversationId || definition.requiresConversation
      ? { conversationId: options.conversationId ?? `conv-${randomUUID()}` }
      : {}),
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    producer,
    ...(options.causationId ? { causationId: options.causationId } : {}),
    payload,
  };
}
