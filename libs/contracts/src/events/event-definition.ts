import { z } from 'zod';
import { envelopeHeaderSchema, type EventEnvelope } from '../envelope/envelope.ts';
import type { ServiceName } from '../services/service-name.ts';
import type { TopicName } from '../topics/topic-catalog.ts';

export interface EventDefinition<TType extends string = string, TPayload extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly topic: TopicName;
  readonly producers: readonly ServiceName[];
  readonly description: string;
  /** Whether the envelope must name a conversation (events on a conversation's log always do). */
  readonly requiresConversation: boolean;
  readonly payload: TPayload;
}

export type PayloadOf<TDefinition extends EventDefinition> = z.infer<TDefinition['payload']>;

export type EventOf<TDefinition extends EventDefinition> = EventEnvelope<TDefinition['type'], PayloadOf<TDefinition>>;

export function defineEvent<const TType extends string, TPayload extends z.ZodType>(
  definition: EventDefinition<TType, TPayload>,
): EventDefinition<TType, TPayload> {
  return Object.freeze(definition);
}

const schemas = new WeakMap<EventDefinition, ReturnType<typeof buildEnvelopeSchema>>();

/**
 * The complete schema of one event: envelope fields narrowed to this event plus its payload. Built once per
 * event, because zod compiles each schema object on first use and every publish and consume validates.
 */
export function envelopeSchemaOf<TDefinition extends EventDefinition>(definition: TDefinition) {
  let schema = schemas.get(definition);
  if (!schema) {
    schema = buildEnvelopeSchema(definition);
    schemas.set(definition, schema);
  }
  return schema as ReturnType<typeof buildEnvelopeSchema<TDefinition>>;
}

function buildEnvelopeSchema<TDefinition extends EventDefinition>(definition: TDefinition) {
  const conversationId = definition.requiresConversation
    ? envelopeHeaderSchema.shape.conversationId.unwrap()
    : envelopeHeaderSchema.shape.conversationId;
  return envelopeHeaderSchema.extend({
    type: z.literal(definition.type),
    schemaVersion: z.literal(definition.version),
    producer: z.enum(definition.producers as [ServiceName, ...ServiceName[]]),
    conversationId,
    payload: definition.payload,
  });
}

export function eventKey(definition: Pick<EventDefinition, 'type' | 'version'>): string {
  return `${definition.type}@v${definition.version}`;
}
