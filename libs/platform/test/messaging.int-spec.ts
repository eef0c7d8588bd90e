import { buildEvent } from '@parley/contracts/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventConsumer } from '../src/messaging/event-consumer.factory.ts';
import type { ConsumerRunner } from '../src/messaging/consumer-runner.ts';
import { KafkaConnection } from '../src/messaging/kafka-connection.ts';
import { MetricsRegistry } from '../src/observability/metrics.ts';
import { KafkaTestClient, testEnvironment, waitFor } from '../src/testing/index.ts';
import { testKafkaConfig, thingHappened } from './fixtures/test-events.ts';

const { kafkaBrokers } = testEnvironment();
const logger = pino({ level: 'silent' });
const kafka = testKafkaConfig({
  KAFKA_BROKERS: kafkaBrokers,
  KAFKA_CONSUMER_MAX_ATTEMPTS: '4',
  KAFKA_CONSUMER_RETRY_INITIAL_MS: '50',
  KAFKA_CONSUMER_RETRY_MAX_MS: '200',
});

describe('Kafka messaging against a real broker', () => {
  const client = new KafkaTestClient(kafkaBrokers);
  const connection = new KafkaConnection(kafka, 'messaging-test', logger);
  const running: { runner: ConsumerRunner; abort: AbortController }[] = [];

  beforeAll(async () => {
    await client.connect();
    connection.start();
  });

  afterEach(async () => {
    for (const { runner, abort } of running.splice(0)) {
      abort.abort();
      await runner.stop();
    }
  });

  afterAll(async () => {
    await connection.close();
    await client.disconnect();
  });

  function startConsumer(topic: string, groupId: string, handle: (event: { payload: { n: number } }) => Promise<void>) {
    const abort = new AbortController();
    const runner = createEventConsumer({
      service: 'gateway',
      groupId,
      bindings: [{ definition: thingHappened(topic), handle: (event) => handle(event as { payload: { n: number } }) }],
      fromBeginning: true,
      connection,
      kafka,
      metrics: new MetricsRegistry('gateway', { collectProcessMetrics: false }),
      logger,
      signal: abort.signal,
    });
    runner.start();
    running.push({ runner, abort });
    return runner;
  }

  it('retries a transient handler failure and then succeeds, committing once', async () => {
    const topic = await client.createTopicPair('test.retry');
    const definition = thingHappened(topic);
    let attempts = 0;
    const handled: number[] = [];
    startConsumer(topic, `gateway.retry-${topic}`, async (event) => {
      attempts += 1;
      if (attempts < 3) {
        throw new Error('database connection reset');
      }
      handled.push(event.payload.n);
    });
    const event = buildEvent(definition, { thingId: 'thing-000001', n: 1 });
    await client.produce(topic, [{ key: 'thing-000001', value: JSON.stringify(event) }]);

    await waitFor('the event to be handled', () => handled.length === 1);
    expect(attempts).toBe(3);
    await waitFor('the offset to be committed', async () => (await client.committedOffsets(`gateway.retry-${topic}`, topic))[0] === '1');
    expect(await client.readAll(`${topic}.dlq`)).toEqual([]);
  });

  it('sends an invalid event to the dead-letter topic with its error and carries on', async () => {
    const topic = await client.createTopicPair('test.poison');
    const definition = thingHappened(topic);
    const handled: number[] = [];
    startConsumer(topic, `gateway.poison-${topic}`, async (event) => {
      handled.push(event.payload.n);
    });
    const broken = { ...buildEvent(definition, { thingId: 'thing-000002', n: 2 }), payload: { thingId: 'thing-000002', n: 'two' } };
    const good = buildEvent(definition, { thingId: 'thing-000003', n: 3 });
    await client.produce(topic, [
      { key: 'thing-000001', value: '{"this is": not json' },
      { key: 'thing-000002', value: JSON.stringify(broken) },
      { key: 'thing-000003', value: JSON.stringify(good) },
    ]);

    await waitFor('the valid event after the poison ones', () => handled.length === 1);
    expect(handled).toEqual([3]);
    const letters = await client.readAll(`${topic}.dlq`, { expect: 2 });
    expect(letters.map((letter) => letter.headers['parley-dlq-reason'])).toEqual(['invalid-json', 'invalid-event']);
    expect(letters[0]).toMatchObject({ key: 'thing-000001', value: '{"this is": not json' });
    expect(letters[1]?.headers).toMatchObject({
      'parley-dlq-source-topic': topic,
      'parley-dlq-source-offset': '1',
      'parley-dlq-consumer': `gateway.poison-${topic}`,
    });
    expect(letters[1]?.headers['parley-dlq-error']).toContain('payload.n');
    await waitFor('all three offsets committed', async () => (await client.committedOffsets(`gateway.poison-${topic}`, topic))[0] === '3');
  });

  it('dead-letters an event whose retries run out, then handles the next one', async () => {
    const topic = await client.createTopicPair('test.exhausted');
    const definition = thingHappened(topic);
    const handled: number[] = [];
    startConsumer(topic, `gateway.exhausted-${topic}`, async (event) => {
      if (event.payload.n === 1) {
        throw new Error('downstream keeps failing');
      }
      handled.push(event.payload.n);
    });
    await client.produce(topic, [
      { key: 'thing-000001', value: JSON.stringify(buildEvent(definition, { thingId: 'thing-000001', n: 1 })) },
      { key: 'thing-000002', value: JSON.stringify(buildEvent(definition, { thingId: 'thing-000002', n: 2 })) },
    ]);
    await waitFor('the second event', () => handled.length === 1);
    const [letter] = await client.readAll(`${topic}.dlq`, { expect: 1 });
    expect(letter?.headers).toMatchObject({
      'parley-dlq-reason': 'retries-exhausted',
      'parley-dlq-attempts': '4',
      'parley-dlq-error': 'Error: downstream keeps failing',
    });
  });

  it('hands a fetched batch to a batch handler: an invalid event is dead-lettered alone, the others applied once', async () => {
    const topic = await client.createTopicPair('test.batch');
    const definition = thingHappened(topic);
    const groupId = `gateway.batch-${topic}`;
    const batches: number[][] = [];
    const applied = new Set<number>();
    const single: number[] = [];
    const abort = new AbortController();
    const runner = createEventConsumer({
      service: 'gateway',
      groupId,
      bindings: [
        {
          definition,
          handle: async (event) => {
            const n = (event as { payload: { n: number } }).payload.n;
            if (n === 5) {
              throw new Error('this one can never be stored');
            }
            single.push(n);
            applied.add(n);
          },
        },
      ],
      batch: {
        maxEvents: 100,
        handle: async (events) => {
          const numbers = events.map(({ event }) => (event as { payload: { n: number } }).payload.n);
          batches.push(numbers);
          // All or nothing, as a transaction would be.
          if (numbers.includes(5)) {
            throw new Error('the batch holds an event that can never be stored');
          }
          for (const n of numbers) {
            applied.add(n);
          }
        },
      },
      fromBeginning: true,
      connection,
      kafka,
      metrics: new MetricsRegistry('gateway', { collectProcessMetrics: false }),
      logger,
      signal: abort.signal,
    });
    const broken = { ...buildEvent(definition, { thingId: 'thing-000003', n: 3 }), payload: { thingId: 'thing-000003', n: 'three' } };
    await client.produce(topic, [
      ...[1, 2].map((n) => ({ key: 'thing-000001', value: JSON.stringify(buildEvent(definition, { thingId: 'thing-000001', n })) })),
      { key: 'thing-000001', value: JSON.stringify(broken) },
      ...[4, 6].map((n) => ({ key: 'thing-000001', value: JSON.stringify(buildEvent(definition, { thingId: 'thing-000001', n })) })),
    ]);
    runner.start();
    running.push({ runner, abort });

    await waitFor('all five offsets committed', async () => (await client.committedOffsets(groupId, topic))[0] === '5');
    expect([...applied].sort((a, b) => a - b)).toEqual([1, 2, 4, 6]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([1, 2, 4, 6]);
    expect(single).toEqual([]);
    const letters = await client.readAll(`${topic}.dlq`, { expect: 1 });
    expect(letters.map((letter) => letter.headers['parley-dlq-reason'])).toEqual(['invalid-event']);
    expect(letters[0]?.headers['parley-dlq-source-offset']).toBe('2');

    // A batch whose handler fails falls back to one event at a time: the poison event alone is dead-lettered.
    await client.produce(topic, [7, 5, 8].map((n) => ({ key: 'thing-000001', value: JSON.stringify(buildEvent(definition, { thingId: 'thing-000001', n })) })));
    await waitFor('all eight offsets committed', async () => (await client.committedOffsets(groupId, topic))[0] === '8');
    expect([...applied].sort((a, b) => a - b)).toEqual([1, 2, 4, 6, 7, 8]);
    expect(single).toEqual([7, 8]);
    const all = await client.readAll(`${topic}.dlq`, { expect: 2 });
    expect(all[1]?.headers).toMatchObject({ 'parley-dlq-reason': 'retries-exhausted', 'parley-dlq-attempts': '4', 'parley-dlq-source-offset': '6' });
  });
});
