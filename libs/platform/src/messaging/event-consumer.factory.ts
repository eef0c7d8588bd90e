import { DEAD_LETTER_SUFFIX, type ServiceName } from '@parley/contracts';
import type { IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConfig } from '../config/config-fragments.ts';
import type { MetricsRegistry } from '../observability/metrics.ts';
import { ConsumerRunner } from './consumer-runner.ts';
import type { EventBatchHandler } from './event-context.ts';
import type { FetchSizes, KafkaConnection } from './kafka-connection.ts';
import { MessageProcessor, type DeadLetter, type HandlerBinding } from './message-processor.ts';
import {
  HEADER_DLQ_ATTEMPTS,
  HEADER_DLQ_CONSUMER,
  HEADER_DLQ_ERROR,
  HEADER_DLQ_FAILED_AT,
  HEADER_DLQ_REASON,
  HEADER_DLQ_SOURCE_OFFSET,
  HEADER_DLQ_SOURCE_PARTITION,
  HEADER_DLQ_SOURCE_TOPIC,
} from './messaging-headers.ts';

export interface EventConsumerSpec {
  service: ServiceName;
  groupId: string;
  bindings: readonly HandlerBinding[];
  fromBeginning: boolean;
  connection: KafkaConnection;
  kafka: KafkaConfig;
  metrics: MetricsRegistry;
  logger: Logger;
  signal: AbortSignal;
  /** Opt-in batch path (@OnEventBatch): the validated events of one slice of a fetched partition batch at once. */
  batch?: { handle: EventBatchHandler; maxEvents: number };
  /** Larger fetches than Kafka's defaults, for a consumer that reads big backlogs (see `FetchSizes`). */
  fetch?: FetchSizes;
  /** Overrides the configured number of partitions worked on at once, for a consumer that knows what it reads. */
  partitionsConsumedConcurrently?: number;
}

/** Assembles one consumer group member with the platform's delivery policy: retries, dead-lettering, commits. */
export function createEventConsumer(spec: EventConsumerSpec): ConsumerRunner {
  const processor = new MessageProcessor({
    service: spec.service,
    consumer: spec.groupId,
    bindings: spec.bindings,
    retry: {
      maxAttempts: spec.kafka.consumer.maxAttempts,
      initialMs: spec.kafka.consumer.retryInitialMs,
      maxMs: spec.kafka.consumer.retryMaxMs,
    },
    deadLetter: (letter) => sendToDeadLetterTopic(spec.connection, spec.groupId, letter),
    metrics: spec.metrics,
    logger: spec.logger,
    signal: spec.signal,
    ...(spec.batch === undefined ? {} : { batch: spec.batch }),
  });
  return new ConsumerRunner({
    connection: spec.connection,
    groupId: spec.groupId,
    fromBeginning: spec.fromBeginning,
    partitionsConsumedConcurrently: spec.partitionsConsumedConcurrently ?? spec.kafka.consumer.partitionsConsumedConcurrently,
    ...(spec.fetch === undefined ? {} : { fetch: spec.fetch }),
    processor,
    logger: spec.logger,
    signal: spec.signal,
  });
}

/** Keeps the original key, bytes and headers (trace context included) and adds why and where it failed. */
async function sendToDeadLetterTopic(connection: KafkaConnection, groupId: string, letter: DeadLetter): Promise<void> {
  const { message } = letter;
  const headers: IHeaders = {
    ...(message.headers ?? {}),
    [HEADER_DLQ_REASON]: letter.reason,
    [HEADER_DLQ_ERROR]: letter.error,
    [HEADER_DLQ_SOURCE_TOPIC]: message.topic,
    [HEADER_DLQ_SOURCE_PARTITION]: String(message.partition),
    [HEADER_DLQ_SOURCE_OFFSET]: message.offset,
    [HEADER_DLQ_CONSUMER]: groupId,
    [HEADER_DLQ_ATTEMPTS]: String(letter.attempts),
    [HEADER_DLQ_FAILED_AT]: new Date().toISOString(),
  };
  await connection.send(`${message.topic}${DEAD_LETTER_SUFFIX}`, { key: message.key, value: message.value, headers });
}
