import { envelopeSchemaOf, eventKey, untypedEnvelopeSchema, type EventDefinition, type ServiceName } from '@parley/contracts';
import type { IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../observability/metrics.ts';
import { context, propagation, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { PARLEY_SERVICE_ATTRIBUTE, withSpan } from '../observability/telemetry.ts';
import { backoffDelay, sleep as defaultSleep } from './backoff.ts';
import type { BatchedEvent, EventBatchHandler, EventContext } from './event-context.ts';
import { headersAsText } from './messaging-headers.ts';
import { InvalidEventError } from './messaging.errors.ts';
import { decideOnFailure, describeError } from './retry-policy.ts';

export interface HandlerBinding {
  definition: EventDefinition;
  handle: (event: unknown, context: EventContext) => Promise<void>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
}

export interface DeadLetter {
  message: IncomingMessage;
  reason: string;
  error: string;
  attempts: number;
}

export interface RetrySettings {
  maxAttempts: number;
  initialMs: number;
  maxMs: number;
}

export interface MessageProcessorOptions {
  service: ServiceName;
  consumer: string;
  bindings: readonly HandlerBinding[];
  retry: RetrySettings;
  deadLetter: (letter: DeadLetter) => Promise<void>;
  metrics: MetricsRegistry;
  logger: Logger;
  signal: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Opt-in: receives the validated events of one slice of a fetched batch together (see @OnEventBatch). */
  batch?: { handle: EventBatchHandler; maxEvents: number };
}

type Validated = { outcome: ProcessOutcome } | { binding: HandlerBinding; event: { eventId: string; type: string } };

/** processed and ignored move the offset on; dead_lettered too, once the dead-letter topic acknowledged. */
export type ProcessOutcome = 'processed' | 'ignored' | 'dead_lettered' | 'aborted';

/**
 * Takes one Kafka message through parse, envelope and contract validation, dispatch, retries with backoff and,
 * when the event can never succeed, the dead-letter topic. It never throws for a bad event, so a poison message
 * cannot stall its partition; it throws only when the dead-letter topic itself cannot be written.
 */
export class MessageProcessor {
  readonly #options: MessageProcessorOptions;
  readonly #byKey: Map<string, HandlerBinding>;
  readonly #handledTypes: Set<string>;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: MessageProcessorOptions) {
    this.#options = options;
    this.#byKey = new Map(options.bindings.map((binding) => [eventKey(binding.definition), binding]));
    this.#handledTypes = new Set(options.bindings.map((binding) => binding.definition.type));
    this.#sleep = options.sleep ?? defaultSleep;
  }

  get topics(): string[] {
    return [...new Set(this.#options.bindings.map((binding) => binding.definition.topic))];
  }

  async process(message: IncomingMessage, heartbeat: () => Promise<void>): Promise<ProcessOutcome> {
    const { metrics, consumer, service } = this.#options;
    const stopTimer = metrics.handlerDuration.startTimer({ topic: message.topic, consumer });
    // The producer's span travels in the traceparent header; this message's work continues that trace.
    const parent = propagation.extract(ROOT_CONTEXT, headersAsText(message.headers));
    try {
      const outcome = await context.with(parent, () =>
        withSpan(
          `process ${message.topic}`,
          {
            [PARLEY_SERVICE_ATTRIBUTE]: service,
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.destination.name': message.topic,
            'messaging.destination.partition.id': String(message.partition),
            'messaging.kafka.offset': message.offset,
            'messaging.consumer.group.name': consumer,
          },
          async (span) => {
            const result = await this.#process(message, heartbeat);
            span.setAttribute('parley.outcome', result);
            return result;
          },
          SpanKind.CONSUMER,
        ),
      );
      metrics.messagesConsumed.inc({ topic: message.topic, consumer, outcome });
      return outcome;
    } finally {
      stopTimer();
    }
  }

  /** Whether the consumer takes whole fetched batches (an @OnEventBatch handler) instead of one message at a time. */
  get batched(): boolean {
    return this.#options.batch !== undefined;
  }

  get maxBatchEvents(): number {
    return this.#options.batch?.maxEvents ?? 1;
  }

  /**
   * Takes a slice of one partition's fetched batch, in offset order: invalid events are dead-lettered (or ignored)
   * one by one as in `process`, the valid ones go to the batch handler in one call. When that call fails, each valid
   * event goes through its own handler with the usual retries and dead-lettering, so a poison event ends alone in
   * the dead-letter topic and the others are applied (idempotent handlers absorb what the failed call may have done).
   * Resolves when every message is finished, so the caller may then commit their offsets.
   */
  async processBatch(messages: readonly IncomingMessage[], heartbeat: () => Promise<void>): Promise<'processed' | 'aborted'> {
    const batch = this.#options.batch;
    if (batch === undefined) {
      for (const message of messages) {
        if ((await this.process(message, heartbeat)) === 'aborted') {
          return 'aborted';
        }
      }
      return 'processed';
    }
    const { metrics, consumer, service, logger } = this.#options;
    const ready: { message: IncomingMessage; binding: HandlerBinding; event: { eventId: string; type: string } }[] = [];
    for (const message of messages) {
      const validated = await this.#validate(message);
      if ('outcome' in validated) {
        metrics.messagesConsumed.inc({ topic: message.topic, consumer, outcome: validated.outcome });
      } else {
        ready.push({ message, ...validated });
      }
    }
    const first = ready[0]?.message;
    if (first === undefined) {
      return 'processed';
    }
    const stopTimer = metrics.handlerDuration.startTimer({ topic: first.topic, consumer });
    try {
      await withSpan(
        `process ${first.topic} batch`,
        {
          [PARLEY_SERVICE_ATTRIBUTE]: service,
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': first.topic,
          'messaging.destination.partition.id': String(first.partition),
          'messaging.kafka.offset': first.offset,
          'messaging.batch.message_count': ready.length,
          'messaging.consumer.group.name': consumer,
        },
        () =>
          batch.handle(
            ready.map(({ message, event }): BatchedEvent => ({ event, context: this.#contextOf(message, 1, heartbeat) })),
          ),
        SpanKind.CONSUMER,
      );
      for (const { message } of ready) {
        metrics.messagesConsumed.inc({ topic: message.topic, consumer, outcome: 'processed' });
      }
      return 'processed';
    } catch (error) {
      logger.warn(
        { consumer, topic: first.topic, partition: first.partition, fromOffset: first.offset, events: ready.length, err: error },
        'batch handler failed; handling its events one at a time',
      );
    } finally {
      stopTimer();
    }
    for (const { message, binding, event } of ready) {
      const outcome = await this.#handleWithRetries(message, binding, event, heartbeat);
      metrics.messagesConsumed.inc({ topic: message.topic, consumer, outcome });
      if (outcome === 'aborted') {
        return 'aborted';
      }
    }
    return 'processed';
  }

  async #process(message: IncomingMessage, heartbeat: () => Promise<void>): Promise<ProcessOutcome> {
    const validated = await this.#validate(message);
    if ('outcome' in validated) {
      return validated.outcome;
    }
    return this.#handleWithRetries(message, validated.binding, validated.event, heartbeat);
  }

  #contextOf(message: IncomingMessage, attempt: number, heartbeat: () => Promise<void>): EventContext {
    return {
      consumer: this.#options.consumer,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempt,
      headers: headersAsText(message.headers),
      heartbeat,
    };
  }

  /** The binding for the type and version a parsed message says it has, read without validating anything. */
  #claimedBinding(parsed: unknown): HandlerBinding | undefined {
    if (typeof parsed !== 'object' || parsed === null) {
      return undefined;
    }
    const { type, schemaVersion } = parsed as { type?: unknown; schemaVersion?: unknown };
    return typeof type === 'string' && typeof schemaVersion === 'number' ? this.#byKey.get(eventKey({ type, version: schemaVersion })) : undefined;
  }

  async #validate(message: IncomingMessage): Promise<Validated> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      return { outcome: await this.#deadLetter(message, new InvalidEventError('invalid-json', 'the message value is not JSON'), 1) };
    }
    const claimed = this.#claimedBinding(parsed);
    if (claimed) {
      // An event's own schema narrows the envelope's, so passing it settles the envelope too; an event it refuses goes
      // the long way below, for the same dead-letter reason as before.
      const event = envelopeSchemaOf(claimed.definition).safeParse(parsed);
      if (event.success) {
        return { binding: claimed, event: event.data };
      }
    }
    const envelope = untypedEnvelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      return { outcome: await this.#deadLetter(message, new InvalidEventError('invalid-envelope', summarize(envelope.error.issues)), 1) };
    }
    const { type, schemaVersion } = envelope.data;
    const binding = this.#byKey.get(eventKey({ type, version: schemaVersion }));
    if (!binding) {
      if (this.#handledTypes.has(type)) {
        return {
          outcome: await this.#deadLetter(
            message,
            new InvalidEventError('unsupported-version', `${this.#options.consumer} handles no version ${schemaVersion} of ${type}`),
            1,
          ),
        };
      }
      return { outcome: 'ignored' };
    }
    const event = envelopeSchemaOf(binding.definition).safeParse(parsed);
    if (!event.success) {
      return { outcome: await this.#deadLetter(message, new InvalidEventError('invalid-event', summarize(event.error.issues)), 1) };
    }
    return { binding, event: event.data };
  }

  async #handleWithRetries(
    message: IncomingMessage,
    binding: HandlerBinding,
    event: { eventId: string; type: string },
    heartbeat: () => Promise<void>,
  ): Promise<ProcessOutcome> {
    const { retry, consumer, service, logger, metrics, signal } = this.#options;
    for (let attempt = 1; ; attempt += 1) {
      const context = this.#contextOf(message, attempt, heartbeat);
      try {
        await withSpan(
          `handle ${event.type}`,
          {
            [PARLEY_SERVICE_ATTRIBUTE]: service,
            'messaging.consumer.group.name': consumer,
            'messaging.message.id': event.eventId,
          },
          () => binding.handle(event, context),
        );
        return 'processed';
      } catch (error) {
        const decision = decideOnFailure(error);
        if (decision === 'dead-letter' || attempt >= retry.maxAttempts) {
          return this.#deadLetter(message, error, attempt);
        }
        const delay = backoffDelay(attempt, retry.initialMs, retry.maxMs);
        metrics.messagesConsumed.inc({ topic: message.topic, consumer, outcome: 'retried' });
        logger.warn(
          { consumer, topic: message.topic, partition: message.partition, offset: message.offset, eventId: event.eventId, attempt, retryInMs: delay, err: error },
          'handler failed; retrying',
        );
        await this.#sleep(delay, signal);
        if (signal.aborted) {
          return 'aborted';
        }
        await heartbeat();
      }
    }
  }

  async #deadLetter(message: IncomingMessage, error: unknown, attempts: number): Promise<ProcessOutcome> {
    const reason = error instanceof InvalidEventError ? error.reason : attempts > 1 ? 'retries-exhausted' : 'handler-rejected';
    const described = describeError(error);
    this.#options.logger.error(
      { consumer: this.#options.consumer, topic: message.topic, partition: message.partition, offset: message.offset, reason, attempts, error: described },
      'event sent to the dead-letter topic',
    );
    await this.#options.deadLetter({ message, reason, error: described, attempts });
    return 'dead_lettered';
  }
}

function summarize(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
