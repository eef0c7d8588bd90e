import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@parley/contracts';
import type { Logger } from 'pino';
import type { ServiceSection } from '../config/config-fragments.ts';
import { MetricsRegistry } from '../observability/metrics.ts';
import { NestPinoLogger } from '../observability/nest-logger.ts';
import { ServiceRootModule } from './platform.module.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

export interface ServiceAppOptions<TConfig extends ServiceSection> {
  service: ServiceName;
  config: TConfig;
  appModule: Type | DynamicModule;
  logger: Logger;
  metrics?: MetricsRegistry;
  bodyLimitBytes?: number;
}

/** Builds a service's Nest application on Fastify with the platform wired in; the caller decides when to listen. */
export async function createServiceApp<TConfig extends ServiceSection>(
  options: ServiceAppOptions<TConfig>,
): Promise<NestFastifyApplication> {
  const metrics = options.metrics ?? new MetricsRegistry(options.service);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    logger: false,
    return503OnClosing: true,
  });
  // Route patterns, never raw URLs, as labels: URLs carry ids and would explode the metric's cardinality.
  adapter.getInstance().addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ServiceRootModule.forRoot({ config: options.config, logger: options.logger, metrics }, options.appModule),
    adapter,
    { logger: new NestPinoLogger(options.logger), rawBody: true, abortOnError: false },
  );
  return app;
}

export type ServiceApp = INestApplication;
