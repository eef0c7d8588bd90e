import { z } from 'zod';
import type { ServiceName } from '@parley/contracts';
import { defineConfigFragment } from './config-fragment.ts';

const hostPort = z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'expected host:port');

const csvOf = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item).min(1));

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const positiveInt = z.coerce.number().int().positive();

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function serviceFragment(service: ServiceName) {
  return defineConfigFragment({
    env: {
      LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
      SHUTDOWN_TIMEOUT_MS: positiveInt.default(25_000),
    },
    build: (env) => ({
      service: { name: service, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS },
      log: { level: env.LOG_LEVEL },
    }),
  });
}

export type ServiceSection = { service: { name: ServiceName; shutdownTimeoutMs: number } };

export const kafkaFragment = defineConfigFragment({
  env: {
    KAFKA_BROKERS: csvOf(hostPort),
    KAFKA_SSL: booleanFlag.default(false),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_CONSUMER_MAX_ATTEMPTS: positiveInt.max(100).default(5),
    KAFKA_CONSUMER_RETRY_INITIAL_MS: positiveInt.default(200),
    KAFKA_CONSUMER_RETRY_MAX_MS: positiveInt.default(10_000),
    // As many as most topics have partitions, so one instance works on all of them at once.
    KAFKA_CONSUMER_PARTITIONS_CONCURRENTLY: positiveInt.max(64).default(6),
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: positiveInt.min(6_000).max(300_000).default(30_000),
  },
  build: (env) => ({
    kafka: {
      brokers: env.KAFKA_BROKERS,
      ssl: env.KAFKA_SSL,
      sasl:
        env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
          ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD }
          : undefined,
      consumer: {
        maxAttempts: env.KAFKA_CONSUMER_MAX_ATTEMPTS,
        retryInitialMs: env.KAFKA_CONSUMER_RETRY_INITIAL_MS,
        retryMaxMs: env.KAFKA_CONSUMER_RETRY_MAX_MS,
        partitionsConsumedConcurrently: env.KAFKA_CONSUMER_PARTITIONS_CONCURRENTLY,
        sessionTimeoutMs: env.KAFKA_CONSUMER_SESSION_TIMEOUT_MS,
      },
    },
  }),
});

export type KafkaConfig = ReturnType<typeof kafkaFragment.build>['kafka'];

export function databaseFragment(defaultSchema: string) {
  return defineConfigFragment({
    env: {
      DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgresql:// URL' }),
      DATABASE_SCHEMA: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/, 'expected a lower-case schema name')
        .default(defaultSchema),
      DATABASE_POOL_MAX: positiveInt.max(100).default(10),
    },
    build: (env) => ({
      database: { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolMax: env.DATABASE_POOL_MAX },
    }),
  });
}

export type DatabaseConfig = ReturnType<ReturnType<typeof databaseFragment>['build']>['database'];

export function httpFragment(defaultPort: number) {
  return defineConfigFragment({
    env: {
      HTTP_HOST: z.string().min(1).default('0.0.0.0'),
      HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
    },
    build: (env) => ({ http: { host: env.HTTP_HOST, port: env.HTTP_PORT } }),
  });
}

export type HttpConfig = ReturnType<ReturnType<typeof httpFragment>['build']>['http'];

/** The standard OpenTelemetry variables the platform honours; tracing is off unless an exporter is chosen. */
export const telemetryFragment = defineConfigFragment({
  env: {
    OTEL_SDK_DISABLED: booleanFlag.default(false),
    OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).default('none'),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).optional(),
  },
  build: (env) => ({
    telemetry: {
      enabled: !env.OTEL_SDK_DISABLED,
      exporter: env.OTEL_TRACES_EXPORTER,
      tracesEndpoint:
        env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
        (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined),
      serviceName: env.OTEL_SERVICE_NAME,
    },
  }),
});

export type TelemetryConfig = ReturnType<typeof telemetryFragment.build>['telemetry'];

export type PlatformConfig = ServiceSection & {
  log: { level: LogLevel };
  kafka: KafkaConfig;
  database: DatabaseConfig;
  http: HttpConfig;
  telemetry: TelemetryConfig;
};

/** The operator token that guards a service's `/admin` routes (until the desk brings user logins). */
export const adminFragment = defineConfigFragment({
  env: {
    PARLEY_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  },
  build: (env) => ({ admin: { token: env.PARLEY_ADMIN_TOKEN } }),
});

export type AdminSection = ReturnType<typeof adminFragment.build>;

/** The Postgres schema a service owns by default: its name, snake_cased. */
export function defaultSchemaOf(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

/** What every service reads: its own settings, Kafka, its database schema, HTTP and telemetry. */
export function standardFragments(service: ServiceName, httpPort: number) {
  return [
    serviceFragment(service),
    kafkaFragment,
    databaseFragment(defaultSchemaOf(service)),
    httpFragment(httpPort),
    telemetryFragment,
  ] as const;
}
