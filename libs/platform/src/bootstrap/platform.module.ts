import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/config.tokens.ts';
import { HealthController } from '../http/health/health.controller.ts';
import { ReadinessRegistry } from '../http/health/readiness.registry.ts';
import { ProblemDetailsFilter } from '../http/problem-details.filter.ts';
import { MessagingModule } from '../messaging/messaging.module.ts';
import { MetricsRegistry } from '../observability/metrics.ts';
import { LOGGER } from '../observability/observability.tokens.ts';

export interface PlatformModuleOptions {
  config: object;
  logger: Logger;
  metrics: MetricsRegistry;
}

/** Config, logger, metrics, readiness, health endpoints, the error filter and Kafka: what every service gets. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [MessagingModule],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: LOGGER, useValue: options.logger },
        { provide: MetricsRegistry, useValue: options.metrics },
        ReadinessRegistry,
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter(options.logger) },
      ],
      exports: [APP_CONFIG, LOGGER, MetricsRegistry, ReadinessRegistry, MessagingModule],
    };
  }
}

@Module({})
export class ServiceRootModule {
  static forRoot(platform: PlatformModuleOptions, appModule: Type | DynamicModule): DynamicModule {
    return { module: ServiceRootModule, imports: [PlatformModule.forRoot(platform), appModule] };
  }
}
