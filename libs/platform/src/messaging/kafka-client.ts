import kafkajs from 'kafkajs';
import type { Kafka, KafkaConfig as KafkaJsConfig, logCreator, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConfig } from '../config/config-fragments.ts';
// kafkajs's idle timer loop and its varint allocations, changed before any client opens a connection.
import './kafkajs-encoder.ts';
import './kafkajs-request-queue.ts';


function kafkaLogCreator(logger: Logger): logCreator {
  const { logLevel } = kafkajs;
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
  // kafkajs is CommonJS, so its classes come through the default import.
  const { Kafka: KafkaClient, logLevel } = kafkajs;
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
