import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ServiceName } from '@parley/contracts';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/config.tokens.ts';
import type { KafkaConfig, ServiceSection } from '../config/config-fragments.ts';
import { ReadinessRegistry } from '../http/health/readiness.registry.ts';
import { MetricsRegistry } from '../observability/metrics.ts';
import { LOGGER } from '../observability/observability.tokens.ts';
import type { ConsumerRunner } from './consumer-runner.ts';
import {
  EVENT_CONSUMER_METADATA,
  ON_EVENT_BATCH_METADATA,
  ON_EVENT_METADATA,
  type EventConsumerOptions,
  type OnEventBatchBinding,
  type OnEventBinding,
} from './event-consumer.decorators.ts';
import type { BatchedEvent, EventContext } from './event-context.ts';
import { KafkaConnection } from './kafka-connection.ts';
import { createEventConsumer } from './event-consumer.factory.ts';
import type { HandlerBinding } from './message-processor.ts';

/** The consumer group of one @EventConsumer class: `<service>.<name>`, a prefix Kafka ACLs can grant. */
export function consumerGroupId(service: ServiceName, name: string): string {
  return `${service}.${name}`;
}

/** Names this process among the service's instances: the host (a pod's name) and a random suffix, as a group id allows. */
export function consumerInstanceId(): string {
  return `${hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60)}-${randomUUID().slice(0, 8)}`;
}

/** How many events an @OnEventBatch method receives at most per call unless it says otherwise. */
const DEFAULT_BATCH_EVENTS = 500;

/** Finds every @EventConsumer provider, runs a consumer group member for each, and drains them on shutdown. */
@Injectable()
export class EventConsumersHost implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #runners: ConsumerRunner[] = [];
  readonly #instanceId = consumerInstanceId();
  readonly #abort = new AbortController();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly connection: KafkaConnection,
    private readonly readiness: ReadinessRegistry,
    private readonly metrics: MetricsRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: ServiceSection & { kafka: KafkaConfig },
  ) {}

  onApplicationBootstrap(): void {
    const service = this.config.service.name;
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      const metatype = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!instance || !metatype) {
        continue;
      }
      const options = Reflect.getMetadata(EVENT_CONSUMER_METADATA, metatype) as EventConsumerOptions | undefined;
      if (!options) {
        continue;
      }
      const declared = (Reflect.getMetadata(ON_EVENT_METADATA, metatype) ?? []) as OnEventBinding[];
      const bindings: HandlerBinding[] = declared.map(({ definition, method }) => {
        const handler = (instance as Record<string | symbol, unknown>)[method];
        if (typeof handler !== 'function') {
          throw new Error(`${metatype.name}.${String(method)} is not a method`);
        }
        return {
          definition,
          handle: (event: unknown, context: EventContext) => Promise.resolve(handler.call(instance, event, context)),
        };
      });
      if (bindings.length === 0) {
        throw new Error(`${metatype.name} is an @EventConsumer without any @OnEvent method`);
      }
      const batchBinding = Reflect.getMetadata(ON_EVENT_BATCH_METADATA, metatype) as OnEventBatchBinding | undefined;
      let batch: { handle: (events: readonly BatchedEvent[]) => Promise<void>; maxEvents: number } | undefined;
      if (batchBinding) {
        const batchHandler = (instance as Record<string | symbol, unknown>)[batchBinding.method];
        if (typeof batchHandler !== 'function') {
          throw new Error(`${metatype.name}.${String(batchBinding.method)} is not a method`);
        }
        batch = {
          handle: (events) => Promise.resolve(batchHandler.call(instance, events)),
          maxEvents: batchBinding.maxEvents ?? DEFAULT_BATCH_EVENTS,
        };
      }
      const groupId = options.broadcast === true ? `${consumerGroupId(service, options.name)}.${this.#instanceId}` : consumerGroupId(service, options.name);
      const runner = createEventConsumer({
        service,
        groupId,
        bindings,
        fromBeginning: options.fromBeginning ?? options.broadcast !== true,
        connection: this.connection,
        kafka: this.config.kafka,
        metrics: this.metrics,
        logger: this.logger,
        signal: this.#abort.signal,
        ...(batch === undefined ? {} : { batch }),
      });
      this.readiness.register(`consumer:${groupId}`, async () => runner.readiness());
      this.#runners.push(runner);
    }
    for (const runner of this.#runners) {
      runner.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#runners.map((runner) => runner.stop()));
    this.logger.info({ consumers: this.#runners.map((runner) => runner.groupId) }, 'consumers drained');
  }
}
