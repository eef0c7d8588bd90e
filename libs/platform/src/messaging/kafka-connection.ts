import type { Admin, Consumer, Kafka, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConfig } from '../config/config-fragments.ts';
import { backoffDelay, sleep, withTimeout } from './backoff.ts';
import { createKafkaClient } from './kafka-client.ts';
import { keyPartitioner } from './key-partitioner.ts';

const PUBLISH_TIMEOUT_MS = 5_000;
const READINESS_TIMEOUT_MS = 2_000;
const READINESS_CACHE_MS = 1_000;
const MAX_BATCH_MESSAGES = 500;

interface Pending {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * How much one fetch may bring back, per partition and in all. A consumer that commits each slice's work before
 * fetching again waits once per fetch, so larger fetches spend less of a backlog waiting.
 */
export interface FetchSizes {
  readonly maxBytesPerPartition: number;
  readonly maxBytes: number;
}

/**
 * One Kafka client per service: the shared producer, an admin client for readiness, and the factory for
 * consumers. It connects in the background with backoff, so a broker outage never crash-loops the service.
 *
 * A broker handles one request per connection at a time, so sends made while a request is in flight are
 * gathered and go together in the next one: no added delay when idle, far fewer round trips under load.
 */
export class KafkaConnection {
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #admin: Admin;
  readonly #logger: Logger;
  readonly #abort = new AbortController();
  readonly #sessionTimeoutMs: number;
  #queue: Pending[] = [];
  #flushing = false;
  #connecting: Promise<void> | undefined;
  #producerConnected = false;
  #lastReadiness: { at: number; ready: boolean; detail: string } | undefined;

  constructor(config: KafkaConfig, clientId: string, logger: Logger) {
    this.#logger = logger;
    this.#sessionTimeoutMs = config.consumer.sessionTimeoutMs;
    this.#kafka = createKafkaClient(config, clientId, logger);
    // Not idempotent: a retried batch may duplicate messages, which consumers drop by event id.
    this.#producer = this.#kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      createPartitioner: keyPartitioner,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
    });
    this.#admin = this.#kafka.admin();
    this.#producer.on(this.#producer.events.DISCONNECT, () => {
      this.#producerConnected = false;
    });
    this.#producer.on(this.#producer.events.CONNECT, () => {
      this.#producerConnected = true;
    });
  }

  get kafka(): Kafka {
    return this.#kafka;
  }

  get isClosing(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Starts connecting without waiting; `send` waits for the connection when it needs it. */
  start(): void {
    this.#connecting ??= this.#connectWithBackoff();
  }

  async #connectWithBackoff(): Promise<void> {
    for (let attempt = 1; !this.#abort.signal.aborted; attempt += 1) {
      try {
        await this.#producer.connect();
        await this.#admin.connect();
        this.#logger.info({ attempt }, 'connected to Kafka');
        return;
      } catch (error) {
        const delay = backoffDelay(attempt, 500, 30_000);
        this.#logger.warn({ attempt, retryInMs: delay, err: error }, 'Kafka is unreachable; retrying');
        await sleep(delay, this.#abort.signal);
      }
    }
  }

  /** Resolves once Kafka has acknowledged the message (acks from all in-sync replicas), or throws. */
  async send(topic: string, message: Message): Promise<void> {
    this.start();
    const acknowledged = new Promise<void>((resolve, reject) => {
      this.#queue.push({ topic, message, resolve, reject });
    });
    void this.#flush();
    await withTimeout(acknowledged, PUBLISH_TIMEOUT_MS, `publish to ${topic}`);
  }

  /** Sends several messages as one unit, acknowledged when all of them are; one timeout for the lot. */
  async sendMany(messages: ReadonlyArray<{ topic: string; message: Message }>): Promise<void> {
    this.start();
    const acknowledged = messages.map(
      ({ topic, message }) =>
        new Promise<void>((resolve, reject) => {
          this.#queue.push({ topic, message, resolve, reject });
        }),
    );
    void this.#flush();
    await withTimeout(Promise.all(acknowledged), PUBLISH_TIMEOUT_MS, `publish of ${messages.length} messages`);
  }

  async #flush(): Promise<void> {
    if (this.#flushing) {
      return;
    }
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        if (!this.#producerConnected) {
          await withTimeout(this.#connecting ?? Promise.resolve(), PUBLISH_TIMEOUT_MS, 'Kafka connection').catch((error: unknown) => {
            this.#failQueued(error);
          });
          if (!this.#producerConnected) {
            this.#failQueued(new Error('not connected to Kafka'));
            continue;
          }
        }
        const batch = this.#queue.splice(0, MAX_BATCH_MESSAGES);
        const byTopic = new Map<string, Message[]>();
        for (const pending of batch) {
          const messages = byTopic.get(pending.topic);
          if (messages) {
            messages.push(pending.message);
          } else {
            byTopic.set(pending.topic, [pending.message]);
          }
        }
        try {
          await this.#producer.sendBatch({
            topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
            acks: -1,
            timeout: PUBLISH_TIMEOUT_MS,
          });
          for (const pending of batch) {
            pending.resolve();
          }
        } catch (error) {
          for (const pending of batch) {
            pending.reject(error);
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  #failQueued(error: unknown): void {
    for (const pending of this.#queue.splice(0)) {
      pending.reject(error);
    }
  }

  createConsumer(groupId: string, fetch?: FetchSizes): Consumer {
    return this.#kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      ...(fetch === undefined ? {} : { maxBytesPerPartition: fetch.maxBytesPerPartition, maxBytes: fetch.maxBytes }),
      sessionTimeout: this.#sessionTimeoutMs,
      rebalanceTimeout: 60_000,
      // A tenth of the session timeout leaves room for several missed heartbeats before the member is expelled.
      heartbeatInterval: Math.max(500, Math.floor(this.#sessionTimeoutMs / 10)),
      retry: { initialRetryTime: 300, maxRetryTime: 30_000, retries: 10 },
    });
  }

  /**
   * How many messages a consumer group has yet to commit on each partition of `topics`: from its committed offset,
   * or from the partition's start when it has none, to the end.
   */
  async consumerLag(groupId: string, topics: readonly string[]): Promise<Array<{ topic: string; partition: number; lag: number }>> {
    const [committed, ends] = await Promise.all([
      withTimeout(this.#admin.fetchOffsets({ groupId, topics: [...topics] }), PUBLISH_TIMEOUT_MS, 'Kafka fetchOffsets'),
      Promise.all(topics.map(async (topic) => ({ topic, offsets: await withTimeout(this.#admin.fetchTopicOffsets(topic), PUBLISH_TIMEOUT_MS, 'Kafka fetchTopicOffsets') }))),
    ]);
    return ends.flatMap(({ topic, offsets }) => {
      const group = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      return offsets.map((end) => {
        const at = Number(group.find((entry) => entry.partition === end.partition)?.offset ?? -1);
        return { topic, partition: end.partition, lag: Math.max(0, Number(end.high) - (at >= 0 ? at : Number(end.low))) };
      });
    });
  }

  /** A live round trip to the cluster, cached briefly so frequent probes do not load the broker. */
  async checkReady(): Promise<{ ready: boolean; detail: string }> {
    const now = Date.now();
    if (this.#lastReadiness && now - this.#lastReadiness.at < READINESS_CACHE_MS) {
      return this.#lastReadiness;
    }
    let result: { ready: boolean; detail: string };
    try {
      const cluster = await withTimeout(this.#admin.describeCluster(), READINESS_TIMEOUT_MS, 'Kafka describeCluster');
      result = this.#producerConnected
        ? { ready: true, detail: `${cluster.brokers.length} broker(s)` }
        : { ready: false, detail: 'producer not connected' };
    } catch (error) {
      result = { ready: false, detail: error instanceof Error ? error.message : 'unreachable' };
    }
    this.#lastReadiness = { at: now, ...result };
    return result;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    this.#failQueued(new Error('the Kafka connection is closing'));
    await Promise.allSettled([this.#producer.disconnect(), this.#admin.disconnect()]);
  }
}
