import { randomUUID } from 'node:crypto';
import type { Admin, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import kafkajs from 'kafkajs';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** The broker record's timestamp, milliseconds since the epoch (the producer's clock by default). */
  timestamp: number;
}

/** A plain kafkajs client for tests: make throwaway topics, write raw bytes, read a topic from the start. */
export class KafkaTestClient {
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  readonly #producer: Producer;

  constructor(brokers: string) {
    const { Kafka: KafkaClient, logLevel } = kafkajs;
    this.#kafka = new KafkaClient({ clientId: `test-${randomUUID()}`, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    this.#admin = this.#kafka.admin();
    this.#producer = this.#kafka.producer({ allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await Promise.all([this.#admin.connect(), this.#producer.connect()]);
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.#admin.disconnect(), this.#producer.disconnect()]);
  }

  /** Creates `<prefix>.<random>` and its dead-letter topic, and returns the name. */
  async createTopicPair(prefix: string, partitions = 1): Promise<string> {
    const name = `${prefix}.${randomUUID().slice(0, 8)}`;
    await this.#admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: name, numPartitions: partitions, replicationFactor: 1 },
        { topic: `${name}.dlq`, numPartitions: 1, replicationFactor: 1 },
      ],
    });
    return name;
  }

  async produce(topic: string, messages: { key?: string; value: string; headers?: IHeaders }[]): Promise<void> {
    await this.#producer.send({ topic, acks: -1, messages });
  }

  /** Every message on the topic so far (all partitions), read by a fresh consumer group. */
  async readAll(topic: string, options: { expect?: number; timeoutMs?: number } = {}): Promise<ReadMessage[]> {
    const offsets = await this.#admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    const wanted = Math.max(total, options.expect ?? 0);
    const read: ReadMessage[] = [];
    if (wanted === 0) {
      return read;
    }
    const consumer = this.#kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ topic: from, partition, message }) => {
            read.push(toReadMessage(from, partition, message));
            if (read.length >= wanted) {
              resolve();
            }
          },
        });
      });
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, options.timeoutMs ?? 15_000))]);
    } finally {
      await consumer.disconnect();
    }
    return read.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  }

  /**
   * Hands every message written to the topics from now on to `onMessage`, as it arrives, until the returned stop
   * function is called; for tests that react to a service's output as the service's clients would.
   */
  async follow(topics: readonly string[], onMessage: (message: ReadMessage) => void): Promise<() => Promise<void>> {
    const consumer = this.#kafka.consumer({ groupId: `test-follower-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: false });
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        onMessage(toReadMessage(topic, partition, message));
      },
    });
    await joined;
    return async () => {
      await consumer.disconnect();
    };
  }

  /**
   * Commits a group's offsets at the current end of each topic, so a group that does not exist yet starts with what
   * comes next; returns them, for a test that later rewinds the group to where it started.
   */
  async startGroupAtEnd(groupId: string, topics: readonly string[]): Promise<GroupOffsets> {
    const started: GroupOffsets = new Map();
    for (const topic of topics) {
      const ends = await this.#admin.fetchTopicOffsets(topic);
      started.set(topic, ends.map((end) => ({ partition: end.partition, offset: end.high })));
    }
    await this.setGroupOffsets(groupId, started);
    return started;
  }

  /** Moves a group with no running member to these offsets, as an operator resetting it would. */
  async setGroupOffsets(groupId: string, offsets: GroupOffsets): Promise<void> {
    for (const [topic, partitions] of offsets) {
      // Explicit offsets: resetOffsets commits -1, which a consumer reads as "none" and starts from its default.
      await this.#admin.setOffsets({ groupId, topic, partitions: [...partitions] });
    }
  }

  /** How many messages of the topic the group has not committed yet (all of them for a group that never did). */
  async lag(groupId: string, topic: string): Promise<number> {
    const [ends, committed] = await Promise.all([this.#admin.fetchTopicOffsets(topic), this.committedOffsets(groupId, topic)]);
    return ends.reduce((sum, end) => {
      const offset = Number(committed[end.partition] ?? '-1');
      return sum + Number(end.high) - (offset < 0 ? Number(end.low) : offset);
    }, 0);
  }

  async committedOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
    const [result] = await this.#admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((result?.partitions ?? []).map((partition) => [partition.partition, partition.offset]));
  }
}

/** A group's offset on each partition, by topic. */
export type GroupOffsets = Map<string, ReadonlyArray<{ partition: number; offset: string }>>;

function toReadMessage(topic: string, partition: number, message: KafkaMessage): ReadMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) {
      headers[name] = first.toString();
    }
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    headers,
    timestamp: Number(message.timestamp),
  };
}
