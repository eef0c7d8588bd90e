import { Inject, Injectable } from '@nestjs/common';
import { findTopic, routingQueuesChanged, type EventOf, type UntypedEnvelope } from '@parley/contracts';
import { APP_CONFIG } from '@parley/platform/config';
import { consumerGroupId, createEventConsumer, KafkaConnection, type BatchedEvent, type EventContext, type FetchSizes, type HandlerBinding } from '@parley/platform/messaging';
import { LOGGER, MetricsRegistry, type Logger } from '@parley/platform/observability';
import { REPORTED_EVENTS } from '@parley/reporting-domain';
import type { ReportingConfig } from '../config.ts';
import { ReportingMetrics } from '../reporting.metrics.ts';
import { ConsumerProgress } from './consumer-progress.ts';
import { EventRejectedError, isRejected, ReportingEngine, type EventVerdict, type PositionedEvent } from './reporting-engine.service.ts';

function positioned<TEvent extends UntypedEnvelope>(event: TEvent, context: EventContext): PositionedEvent<TEvent> {
  return { event, topic: context.topic, partition: context.partition, offset: context.offset };
}

/** The most events of one partition applied and recorded as one input. */
const BATCH_EVENTS = 2000;

/**
 * Fetches of up to 8 MB per partition: the engine waits for its last write once per fetch, so a backlog read in
 * Kafka's default 1 MB fetches spends a quarter of its time waiting.
 */
const ENGINE_FETCH: FetchSizes = { maxBytesPerPartition: 8 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 };

/**
 * The engine's consumer group: every event reports use, and routing's queue settings. The engine needs every
 * partition of them, so the group runs only on the instance holding the engine's lease and is started and stopped
 * with it rather than at boot like the platform's other consumers. The group follows the database schema, because
 * the offsets it commits belong with the state stored there.
 */
@Injectable()
export class EngineEventsConsumer {
  readonly groupId: string;
  /** The topics the group reads, for its lag. */
  readonly topics: readonly string[] = [...new Set([...REPORTED_EVENTS.map((definition) => definition.topic), routingQueuesChanged.topic])];
  /** How far each partition's events have got, for the watermark to wait for a backlog. */
  readonly progress = new ConsumerProgress();

  constructor(
    private readonly engine: ReportingEngine,
    private readonly metrics: ReportingMetrics,
    private readonly connection: KafkaConnection,
    private readonly registry: MetricsRegistry,
    @Inject(APP_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const schema = config.database.schema;
    this.groupId = consumerGroupId('reporting', schema === 'reporting' ? 'engine' : `engine.${schema}`);
  }

  /** A member of the engine's group, started by the caller and stopped by aborting `signal`. */
  createRunner(signal: AbortSignal): ReturnType<typeof createEventConsumer> {
    const bindings: HandlerBinding[] = [
      ...REPORTED_EVENTS.map((definition) => ({ definition, handle: (event: unknown, context: EventContext) => this.apply(event as UntypedEnvelope, context) })),
      { definition: routingQueuesChanged, handle: (event: unknown, context: EventContext) => this.applyQueueSettings(event as EventOf<typeof routingQueuesChanged>, context) },
    ];
    return createEventConsumer({
      service: 'reporting',
      groupId: this.groupId,
      bindings,
      fromBeginning: true,
      connection: this.connection,
      kafka: this.config.kafka,
      metrics: this.registry,
      logger: this.logger,
      signal,
      batch: { handle: (events) => this.applyBatch(events), maxEvents: BATCH_EVENTS },
      fetch: ENGINE_FETCH,
      // Kafka fetches again only once every partition's batch is handled, and each batch waits for its write: with
      // all partitions at once, their writes share a transaction instead of queueing one after another.
      partitionsConsumedConcurrently: this.topics.reduce((sum, topic) => sum + (findTopic(topic)?.partitions ?? 1), 0),
    });
  }

  /** One event; a rejected one is thrown back as a domain error the messaging layer dead-letters at once. */
  async apply(event: UntypedEnvelope, context: EventContext): Promise<void> {
    const [verdict] = await this.engine.applyEvents([positioned(event, context)]);
    this.progress.note(context.topic, context.partition, event.occurredAt);
    if (verdict === undefined) {
      return;
    }
    this.#count([verdict]);
    if (isRejected(verdict.outcome)) {
      throw new EventRejectedError(verdict.outcome, verdict.reason ?? verdict.outcome);
    }
  }

  async applyQueueSettings(event: EventOf<typeof routingQueuesChanged>, context: EventContext): Promise<void> {
    await this.engine.applyQueueSettings(positioned(event, context));
    this.progress.note(context.topic, context.partition, event.occurredAt);
  }

  /**
   * One partition's slice as one input. Rejected events are not recorded and the partition's offset stops before the
   * first of them, so after the others are recorded the batch fails on purpose: the messaging layer then takes its
   * events one at a time, skips the recorded ones and dead-letters the rejected ones with their reasons.
   */
  async applyBatch(events: readonly BatchedEvent[]): Promise<void> {
    const [first] = events;
    if (first?.context.topic === routingQueuesChanged.topic) {
      for (const { event, context } of events) {
        await this.applyQueueSettings(event as EventOf<typeof routingQueuesChanged>, context);
      }
      return;
    }
    const verdicts = await this.engine.applyEvents(events.map(({ event, context }) => positioned(event as UntypedEnvelope, context)));
    const last = events.at(-1);
    if (last) {
      this.progress.note(last.context.topic, last.context.partition, (last.event as UntypedEnvelope).occurredAt);
    }
    const rejected = verdicts.filter((verdict) => isRejected(verdict.outcome));
    this.#count(verdicts.filter((verdict) => !isRejected(verdict.outcome)));
    if (rejected.length > 0) {
      throw new Error(`${rejected.length} of ${verdicts.length} events were rejected; they are dead-lettered one at a time`);
    }
  }

  #count(verdicts: readonly EventVerdict[]): void {
    for (const verdict of verdicts) {
      this.metrics.events.inc({ outcome: verdict.outcome });
    }
  }
}
