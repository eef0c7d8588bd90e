import { ALL_TOPICS } from '@parley/contracts';
import { testEnvironment } from '@parley/platform/testing';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ensureTopics, topicConfig } from './topics.ts';

const { kafkaBrokers } = testEnvironment();

describe('ensureTopics', () => {
  it('changes nothing when the broker already matches the catalog', async () => {
    expect(await ensureTopics(kafkaBrokers.split(','))).toEqual([]);
  });

  it('puts back a retention someone changed by hand', async () => {
    const admin = new kafkajs.Kafka({ brokers: kafkaBrokers.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = ALL_TOPICS.find((candidate) => candidate.name === 'diagnostics.probes')!;
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: kafkajs.ConfigResourceTypes.TOPIC,
            name: topic.name,
            configEntries: [
              { name: 'retention.ms', value: '60000' },
              { name: 'cleanup.policy', value: 'delete' },
            ],
          },
        ],
      });
      expect(await ensureTopics(kafkaBrokers.split(','))).toEqual([
        { topic: topic.name, change: 'config-updated', detail: `retention.ms=${topicConfig(topic)['retention.ms']}` },
      ]);
      expect(await ensureTopics(kafkaBrokers.split(','))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
