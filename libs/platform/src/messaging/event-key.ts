import { opaqueIdSchema, type TopicDefinition, type UntypedEnvelope } from '@parley/contracts';
import { InvalidEventError } from './messaging.errors.ts';

/** The Kafka key the catalog prescribes for this topic, checked to be an opaque id (keys are copied into spans). */
export function keyFor(topic: TopicDefinition, envelope: UntypedEnvelope): string {
  const source = topic.key.source;
  let key: unknown;
  if (source === 'conversationId' || source === 'tenantId') {
    key = envelope[source];
  } else {
    const payload = envelope.payload;
    key = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[source.payloadField] : undefined;
  }
  const checked = opaqueIdSchema.safeParse(key);
  if (!checked.success) {
    throw new InvalidEventError(
      'invalid-key',
      `${envelope.type} on ${topic.name} needs an opaque ${topic.key.name} id as its key`,
    );
  }
  return checked.data;
}
