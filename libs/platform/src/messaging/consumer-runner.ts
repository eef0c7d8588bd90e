import type { Consumer, TopicPartitionOffset } from 'kafkajs';
import type { Logger } from 'pino';
import type { ReadinessResult } from '../http/health/readiness.registry.ts';
import { GroupedCalls } from '../persistence/grouped-calls.ts';
import { backoffDelay, sleep } from './backoff.ts';
import type { FetchSizes, KafkaConnection } from './kafka-connection.ts';
import type { MessageProcessor } from './message-processor.ts';

class ConsumerStoppingError extends Error {
  constructor() {
    super('consumer is stopping; the message stays uncommitted for the next owner');
    this.name = 'ConsumerStoppingError';
  }
}

export interface ConsumerRunnerOptions {
  connection: KafkaConnection;
  groupId: string;
  fromBeginning: boolean;
  partitionsConsumedConcurrently: number;
  fetch?: FetchSizes;
  processor: MessageProcessor;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Runs one consumer group member: a message's offset is resolved only after the processor finished with it and
 * committed with the rest of its fetched batch (not one round trip per message; a redelivery after a crash is
 * absorbed by idempotent handlers), restarts with backoff after a crash, and on stop lets the message in hand finish
 * before leaving the group.
 */
export class ConsumerRunner {
  readonly #options: ConsumerRunnerOptions;
  #consumer: Consumer | undefined;
  #joined = false;
  #running: Promise<void> | undefined;
  #restartRequested: (() => void) | undefined;

  constructor(options: ConsumerRunnerOptions) {
    this.#options = options;
  }

  get groupId(): string {
    return this.#options.groupId;
  }

  readiness(): ReadinessResult {
    return this.#joined
      ? { ready: true, detail: 'joined' }
      : { ready: false, detail: this.#consumer ? 'joining group' : 'not connected' };
  }

  start(): void {
    this.#running ??= this.#supervise();
  }

  async #supervise(): Promise<void> {
    const { signal, logger, groupId } = this.#options;
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      try {
        await this.#runOnce();
        await new Promise<void>((resolve) => {
          this.#restartRequested = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        this.#restartRequested = undefined;
        attempt = 0;
      } catch (error) {
        logger.warn({ consumer: groupId, attempt, err: error }, 'consumer failed to start');
      }
      await this.#disconnect();
      if (!signal.aborted) {
        await sleep(backoffDelay(Math.max(1, attempt), 500, 30_000), signal);
      }
    }
  }

  async #runOnce(): Promise<void> {
    const { connection, groupId, processor, logger, fromBeginning, partitionsConsumedConcurrently, signal } = this.#options;
    const consumer = connection.createConsumer(groupId, this.#options.fetch);
    this.#consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.#joined = true;
      logger.info({ consumer: groupId, assignment: payload.memberAssignment }, 'joined consumer group');
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.#joined = false;
      logger.error({ consumer: groupId, restart: payload.restart, err: payload.error }, 'consumer crashed');
      if (!payload.restart) {
        this.#restartRequested?.();
      }
    });
    consumer.on(consumer.events.STOP, () => {
      this.#joined = false;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: processor.topics, fromBeginning });
    if (processor.batched) {
      // The batches of one fetch end together; kafkajs would send a commit for each, one after another, before it
      // fetches again. Committed here instead, what ends while a commit is in flight goes out in the next one.
      const commits = new GroupedCalls<TopicPartitionOffset, undefined>(async (offsets) => {
        const latest = new Map<string, TopicPartitionOffset>();
        for (const offset of offsets) {
          const key = `${offset.topic}|${offset.partition}`;
          const known = latest.get(key);
          if (!known || BigInt(offset.offset) > BigInt(known.offset)) {
            latest.set(key, offset);
          }
        }
        await consumer.commitOffsets([...latest.values()]);
        return offsets.map(() => undefined);
      });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        // One partition's fetched batch, in slices: an offset is committed only after its slice was handled (its
        // transaction committed); a rebalance or stop leaves the remainder uncommitted.
        eachBatch: async (payload) => {
          const { batch } = payload;
          const { topic, partition } = batch;
          const size = Math.max(1, processor.maxBatchEvents);
          for (let start = 0; start < batch.messages.length; start += size) {
            if (signal.aborted) {
              throw new ConsumerStoppingError();
            }
            if (!payload.isRunning() || payload.isStale()) {
              return;
            }
            const slice = batch.messages.slice(start, start + size);
            const outcome = await processor.processBatch(
              slice.map((message) => ({ topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers })),
              () => payload.heartbeat(),
            );
            if (outcome === 'aborted') {
              throw new ConsumerStoppingError();
            }
            const last = slice.at(-1);
            if (last !== undefined) {
              payload.resolveOffset(last.offset);
              // A failed commit only means this slice may come again, which the handlers absorb.
              await commits.call({ topic, partition, offset: (BigInt(last.offset) + 1n).toString() }).catch((error: unknown) => {
                logger.warn({ consumer: groupId, topic, partition, err: error }, 'offset commit failed');
              });
            }
            await payload.heartbeat();
          }
        },
      });
      return;
    }
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently,
      eachMessage: async (payload) => {
        const { topic, partition, message } = payload;
        if (signal.aborted) {
          throw new ConsumerStoppingError();
        }
        const outcome = await processor.process(
          { topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers },
          () => payload.heartbeat(),
        );
        if (outcome === 'aborted') {
          throw new ConsumerStoppingError();
        }
      },
    });
  }

  async #disconnect(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    this.#joined = false;
    if (consumer) {
      await consumer.disconnect().catch((error: unknown) => {
        this.#options.logger.warn({ consumer: this.#options.groupId, err: error }, 'consumer disconnect failed');
      });
    }
  }

  /** Resolves once the message in hand is finished (or abandoned uncommitted) and the member left its group. */
  async stop(): Promise<void> {
    await this.#running;
    this.#running = undefined;
  }
}
