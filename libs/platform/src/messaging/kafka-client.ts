import { createRequire } from 'node:module';
import type * as KafkaJs from 'kafkajs';
import type { Kafka, KafkaConfig as KafkaJsConfig, logCreator, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConfig } from '../config/config-fragments.ts';

type KafkaJsModule = typeof KafkaJs;

let kafkajs: KafkaJsModule | undefined;

/**
 * Loads kafkajs through `require` on first use, after telemetry has started, so OpenTelemetry's require hook
 * can instrument it without an ESM loader hook.
 */
export function loadKafkaJs(): KafkaJsModule {
  kafkajs ??= createRequire(import.meta.url)('kafkajs') as KafkaJsModule;
  return kafkajs;
}

function kafkaLogCreator(logger: Logger): logCreator {
  const { logLevel } = loadKafkaJs();
  return () =>
    ({ level, log }) => {
      const { message, timestamp: _timestamp, logger: _origin, ...fields } = log;
      const record = { component: 'kafkajs', ...fields };
      // kafkajs reports every failed connection attempt as an error; the messaging layer logs what needs action.
      if (level === logLevel.ERROR || level === logLevel.NOTHING || level === logLevel.WARN) {
        logger.warn(record, message);
      } else if (level === logLevel.INFO) {
        logger.debug(record, message);
      } else {
        logger.trace(record, message);
      }
    };
}

export function createKafkaClient(config: KafkaConfig, clientId: string, logger: Logger): Kafka {
  const { Kafka: KafkaClient, logLevel } = loadKafkaJs();
  const options: KafkaJsConfig = {
    clientId,
    brokers: [...config.brokers],
    ssl: config.ssl,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // Short client retries: connection outages are ridden out by the messaging layer's own backoff loops.
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 3 },
  };
  if (config.sasl) {
    options.sasl = { ...config.sasl } as SASLOptions;
  }
  return new KafkaClient(options);
}
