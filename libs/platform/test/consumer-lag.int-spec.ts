import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../src/messaging/kafka-connection.ts';
import { KafkaTestClient, testEnvironment, waitFor } from '../src/testing/index.ts';
import { testKafkaConfig } from './fixtures/test-events.ts';

const { kafkaBrokers } = testEnvironment();

describe("a consumer group's lag", () => {
  const client = new KafkaTestClient(kafkaBrokers);
  const connection = new KafkaConnection(testKafkaConfig({ KAFKA_BROKERS: kafkaBrokers }), 'lag-test', pino({ level: 'silent' }));

  beforeAll(async () => {
    await client.connect();
    connection.start();
  });

  afterAll(async () => {
    await connection.close();
    await client.disconnect();
  });

  it('counts from the start without a committed offset, and from the committed offset after one', async () => {
    const topic = await client.createTopicPair('lag', 2);
    const group = `lag-test.${randomUUID().slice(0, 8)}`;
    await client.produce(topic, [
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
      { key: 'a', value: '3' },
    ]);
    const lags = await waitFor('the admin client', () => connection.consumerLag(group, [topic]).catch(() => undefined));
    expect(lags.map((entry) => entry.lag).reduce((total, lag) => total + lag, 0)).toBe(3);
    expect(lags.map((entry) => entry.partition).sort()).toEqual([0, 1]);
    await client.startGroupAtEnd(group, [topic]);
    expect((await connection.consumerLag(group, [topic])).every((entry) => entry.lag === 0)).toBe(true);
    await client.produce(topic, [{ key: 'a', value: '4' }]);
    expect((await connection.consumerLag(group, [topic])).reduce((total, entry) => total + entry.lag, 0)).toBe(1);
  });
});
