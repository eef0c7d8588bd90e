import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@parley/contracts';
import type { Logger } from 'pino';
import type { ServiceSection } from '../config/config-fragments.ts';
import { toProblem } from '../http/problem-details.filter.ts';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details.ts';
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
  // Errors raised by Fastify itself (body too large, malformed JSON) answer in problem+json like the rest.
  adapter.getInstance().setErrorHandler((error, request, reply) => {
    const body = { ...toProblem(error), instance: request.url.split('?')[0] ?? request.url };
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ServiceRootModule.forRoot({ config: options.config, logger: options.logger, metrics }, options.appModule),
    adapter,
    { logger: new NestPinoLogger(options.logger), rawBody: true, abortOnError: false },
  );
  return app;
}

export type ServiceApp = INestApplication;
