import { ALL_TOPICS, type TopicDefinition } from '@parley/contracts';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';


export interface TopicChange {
  topic: string;
  change: 'created' | 'partitions-increased' | 'config-updated';
  detail: string;
}

/** The broker-side settings the catalog owns for a topic. */
export function topicConfig(topic: TopicDefinition): Record<string, string> {
  return {
    'retention.ms': String(topic.retentionMs),
    'cleanup.policy': topic.cleanupPolicy,
  };
}

/**
 * Makes the broker match the topic catalog: creates missing topics, adds partitions, and corrects retention and
 * cleanup policy. Running it again changes nothing. Partitions are never reduced, which Kafka cannot do.
 */
export async function ensureTopics(brokers: string[], replicationFactor = 1): Promise<TopicChange[]> {
  const kafka = new kafkajs.Kafka({ clientId: 'parley-topics', brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await reconcile(admin, replicationFactor);
  } finally {
    await admin.disconnect();
  }
}

async function reconcile(admin: Admin, replicationFactor: number): Promise<TopicChange[]> {
  const changes: TopicChange[] = [];
  const existing = new Set(await admin.listTopics());
  const missing = ALL_TOPICS.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor,
        configEntries: Object.entries(topicConfig(topic)).map(([name, value]) => ({ name, value })),
      })),
    });
    for (const topic of missing) {
      changes.push({ topic: topic.name, change: 'created', detail: `${topic.partitions} partitions` });
    }
  }
  const present = ALL_TOPICS.filter((topic) => existing.has(topic.name));
  if (present.length === 0) {
    return changes;
  }
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
  const growing = present.flatMap((topic) => {
    const current = metadata.topics.find((candidate) => candidate.name === topic.name)?.partitions.length ?? 0;
    return current < topic.partitions ? [{ topic, current }] : [];
  });
  if (growing.length > 0) {
    await admin.createPartitions({ topicPartitions: growing.map(({ topic }) => ({ topic: topic.name, count: topic.partitions })) });
    for (const { topic, current } of growing) {
      changes.push({ topic: topic.name, change: 'partitions-increased', detail: `${current} -> ${topic.partitions}` });
    }
  }
  const topicResource = kafkajs.ConfigResourceTypes.TOPIC;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((topic) => ({ type: topicResource, name: topic.name, configNames: Object.keys(topicConfig(topic)) })),
  });
  for (const topic of present) {
    const resource = described.resources.find((candidate) => candidate.resourceName === topic.name);
    const wanted = topicConfig(topic);
    const differing = Object.entries(wanted).filter(
      ([name, value]) => resource?.configEntries.find((entry) => entry.configName === name)?.configValue !== value,
    );
    if (differing.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: topicResource,
            name: topic.name,
            configEntries: Object.entries(wanted).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      changes.push({ topic: topic.name, change: 'config-updated', detail: differing.map(([name, value]) => `${name}=${value}`).join(', ') });
    }
  }
  return changes;
}
