import { Global, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/config.tokens.ts';
import type { KafkaConfig, ServiceSection } from '../config/config-fragments.ts';
import { ReadinessRegistry } from '../http/health/readiness.registry.ts';
import { MetricsRegistry } from '../observability/metrics.ts';
import { LOGGER } from '../observability/observability.tokens.ts';
import { EventConsumersHost } from './event-consumers.host.ts';
import { EventPublisher } from './event-publisher.ts';
import { KafkaConnection } from './kafka-connection.ts';

/** Connects at start without blocking it, reports readiness, and closes the producer after consumers drained. */
@Injectable()
class KafkaConnectionLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly connection: KafkaConnection,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('kafka', () => this.connection.checkReady());
    this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: KafkaConnection,
      inject: [APP_CONFIG, LOGGER],
      useFactory: (config: ServiceSection & { kafka: KafkaConfig }, logger: Logger) =>
        new KafkaConnection(config.kafka, config.service.name, logger),
    },
    {
      provide: EventPublisher,
      inject: [KafkaConnection, APP_CONFIG, MetricsRegistry, LOGGER],
      useFactory: (connection: KafkaConnection, config: ServiceSection, metrics: MetricsRegistry, logger: Logger) =>
        new EventPublisher(connection, config.service.name, metrics, logger),
    },
    KafkaConnectionLifecycle,
    EventConsumersHost,
  ],
  exports: [EventPublisher, KafkaConnection],
})
export class MessagingModule {}

