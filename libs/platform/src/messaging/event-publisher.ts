import {
  envelopeSchemaOf,
  findEventDefinition,
  findTopic,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
  type ServiceName,
  type TopicDefinition,
  type UntypedEnvelope,
} from '@parley/contracts';
import type { IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../observability/metrics.ts';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { PARLEY_SERVICE_ATTRIBUTE, withSpan } from '../observability/telemetry.ts';
import { newEventId } from './event-ids.ts';
import { keyFor } from './event-key.ts';
import type { KafkaConnection } from './kafka-connection.ts';
import {
  HEADER_CONTENT_TYPE,
  HEADER_EVENT_ID,
  HEADER_EVENT_TYPE,
  HEADER_PRODUCER,
  HEADER_SCHEMA_VERSION,
} from './messaging-headers.ts';
import { InvalidEventError, PublishFailedError } from './messaging.errors.ts';

export interface PublishInput<TDefinition extends EventDefinition> {
  tenantId: string;
  conversationId?: string;
  payload: PayloadOf<TDefinition>;
  /** Give a derived id when the event is caused by another, so a redelivered cause yields the same event. */
  eventId?: string;
  causationId?: string;
  occurredAt?: Date;
}

/**
 * The only way services put events on Kafka: each event is validated against its contract, published only by a
 * service the catalog names as its producer, keyed as the catalog says, and acknowledged by all in-sync replicas.
 */
export class EventPublisher {
  readonly #connection: KafkaConnection;
  readonly #service: ServiceName;
  readonly #metrics: MetricsRegistry;
  readonly #logger: Logger;

  constructor(connection: KafkaConnection, service: ServiceName, metrics: MetricsRegistry, logger: Logger) {
    this.#connection = connection;
    this.#service = service;
    this.#metrics = metrics;
    this.#logger = logger;
  }

  async publish<TDefinition extends EventDefinition>(
    definition: TDefinition,
    input: PublishInput<TDefinition>,
  ): Promise<EventOf<TDefinition>> {
    const envelope = this.envelope(definition, input);
    await this.#send(definition.topic, envelope);
    return envelope;
  }

  /**
   * Builds and checks an event without sending it, for a service that stores its events with the transaction that
   * decided them (an outbox) and sends them with `publishMany` after commit.
   */
  envelope<TDefinition extends EventDefinition>(definition: TDefinition, input: PublishInput<TDefinition>): EventOf<TDefinition> {
    const envelope = {
      eventId: input.eventId ?? newEventId(),
      type: definition.type,
      schemaVersion: definition.version,
      tenantId: input.tenantId,
      ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
      occurredAt: (input.occurredAt ?? new Date()).toISOString(),
      producer: this.#service,
      ...(input.causationId === undefined ? {} : { causationId: input.causationId }),
      payload: input.payload,
    };
    return this.#check(definition, envelope) as EventOf<TDefinition>;
  }

  /**
   * Sends many events built earlier with `envelope()` (or read back from storage, then checked again) in order, as
   * one unit: one span and one wait for all acknowledgements, for a service that decides events in bulk.
   */
  async publishMany(envelopes: ReadonlyArray<{ type: string; schemaVersion: number }>, options: { alreadyChecked?: boolean } = {}): Promise<void> {
    if (envelopes.length === 0) {
      return;
    }
    const prepared = envelopes.map((envelope) => {
      const definition = findEventDefinition(envelope.type, envelope.schemaVersion);
      if (!definition) {
        throw new InvalidEventError('invalid-event', `${this.#service} cannot publish ${envelope.type}@v${envelope.schemaVersion}: no such event`);
      }
      const checked = options.alreadyChecked === true ? (envelope as UntypedEnvelope) : this.#check(definition, envelope);
      return { topic: this.#producedTopic(definition.topic), envelope: checked };
    });
    const stopTimer = this.#metrics.publishDuration.startTimer({ topic: prepared[0]?.topic.name ?? 'unknown' });
    await withSpan(
      'send batch',
      {
        [PARLEY_SERVICE_ATTRIBUTE]: this.#service,
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.batch.message_count': prepared.length,
      },
      async () => {
        // Every event of the batch continues the same trace, so the context is injected once and copied.
        const trace = withTraceContext({});
        const messages = prepared.map(({ topic, envelope }) => ({
          topic: topic.name,
          message: { key: keyFor(topic, envelope), value: JSON.stringify(envelope), headers: { ...trace, ...this.#headersOf(envelope) } },
        }));
        const outcome = await this.#connection.sendMany(messages).then(
          () => 'acknowledged' as const,
          (error: unknown) => error,
        );
        const counts = new Map<string, { topic: string; type: string; count: number }>();
        for (const { topic, envelope } of prepared) {
          const key = `${topic.name}\u0000${envelope.type}`;
          const entry = counts.get(key) ?? { topic: topic.name, type: envelope.type, count: 0 };
          entry.count += 1;
          counts.set(key, entry);
        }
        for (const entry of counts.values()) {
          this.#metrics.messagesPublished.inc({ topic: entry.topic, type: entry.type, outcome: outcome === 'acknowledged' ? 'acknowledged' : 'failed' }, entry.count);
        }
        stopTimer();
        if (outcome !== 'acknowledged') {
          this.#logger.warn({ events: prepared.length, err: outcome }, 'batch publish failed');
          throw new PublishFailedError(prepared[0]?.topic.name ?? 'unknown', outcome);
        }
      },
      SpanKind.PRODUCER,
    );
  }

  #check(definition: EventDefinition, envelope: unknown): UntypedEnvelope {
    const checked = envelopeSchemaOf(definition).safeParse(envelope);
    if (!checked.success) {
      const reason = checked.error.issues.some((issue) => issue.path[0] === 'producer') ? 'not-a-producer' : 'invalid-event';
      throw new InvalidEventError(
        reason,
        `${this.#service} cannot publish this ${definition.type}: ${checked.error.issues
          .map((issue) => `${issue.path.join('.') || '(event)'} ${issue.message}`)
          .join('; ')}`,
      );
    }
    return checked.data;
  }

  #producedTopic(topicName: string): TopicDefinition {
    const topic = findTopic(topicName);
    if (!topic || !topic.producers.includes(this.#service)) {
      throw new InvalidEventError('not-a-producer', `${this.#service} is not a producer of ${topicName}`);
    }
    return topic;
  }

  #headersOf(envelope: UntypedEnvelope): IHeaders {
    return {
      [HEADER_EVENT_ID]: envelope.eventId,
      [HEADER_EVENT_TYPE]: envelope.type,
      [HEADER_SCHEMA_VERSION]: String(envelope.schemaVersion),
      [HEADER_PRODUCER]: this.#service,
      [HEADER_CONTENT_TYPE]: 'application/json',
    };
  }

  async #send(topicName: string, envelope: UntypedEnvelope): Promise<void> {
    const topic = this.#producedTopic(topicName);
    const key = keyFor(topic, envelope);
    const headers = this.#headersOf(envelope);
    const stopTimer = this.#metrics.publishDuration.startTimer({ topic: topic.name });
    await withSpan(
      `send ${topic.name}`,
      {
        [PARLEY_SERVICE_ATTRIBUTE]: this.#service,
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic.name,
        'messaging.message.id': envelope.eventId,
        'parley.event.type': envelope.type,
      },
      async () => {
        // The consumer continues this trace from the header; the key is never put on the span.
        withTraceContext(headers);
        try {
          await this.#connection.send(topic.name, { key, value: JSON.stringify(envelope), headers });
          this.#metrics.messagesPublished.inc({ topic: topic.name, type: envelope.type, outcome: 'acknowledged' });
        } catch (error) {
          this.#metrics.messagesPublished.inc({ topic: topic.name, type: envelope.type, outcome: 'failed' });
          this.#logger.warn({ topic: topic.name, eventId: envelope.eventId, err: error }, 'publish failed');
          throw new PublishFailedError(topic.name, error);
        } finally {
          stopTimer();
        }
      },
      SpanKind.PRODUCER,
    );
  }
}

/** Writes the active trace context into Kafka headers, where the consumer picks it up. */
function withTraceContext(headers: IHeaders): IHeaders {
  propagation.inject(context.active(), headers, {
    set: (carrier, name, value) => {
      carrier[name] = value;
    },
  });
  return headers;
}
