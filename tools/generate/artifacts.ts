import { ALL_TOPICS, EVENTS, eventJsonSchema, eventJsonSchemaFileName, type TopicDefinition } from '@parley/contracts';
import { stringify } from 'yaml';

export const STRIMZI_CLUSTER_LABEL = 'parley-kafka';
/** Production topics: three replicas, and a write is acknowledged once two of them have it. */
const PRODUCTION_REPLICAS = 3;
const PRODUCTION_MIN_INSYNC_REPLICAS = 2;

export interface Artifact {
  path: string;
  content: string;
}

/** Every file generated from the contracts: one JSON Schema per event and the Strimzi topics. */
export function renderArtifacts(): Artifact[] {
  return [...renderEventSchemas(), renderKafkaTopics()];
}

export function renderEventSchemas(): Artifact[] {
  return EVENTS.map((definition) => ({
    path: `libs/contracts/json-schema/${eventJsonSchemaFileName(definition)}`,
    content: `${JSON.stringify(eventJsonSchema(definition), null, 2)}\n`,
  }));
}

function kafkaTopicResource(topic: TopicDefinition): Record<string, unknown> {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: {
      name: topic.name,
      labels: {
        'strimzi.io/cluster': STRIMZI_CLUSTER_LABEL,
        'app.kubernetes.io/part-of': 'parley',
        'parley.dev/sensitivity': topic.sensitivity,
      },
      annotations: {
        'parley.dev/description': topic.description,
        'parley.dev/key': topic.key.name,
        'parley.dev/producers': topic.producers.join(','),
        'parley.dev/consumers': topic.consumers.join(','),
      },
    },
    spec: {
      partitions: topic.partitions,
      replicas: PRODUCTION_REPLICAS,
      config: {
        'retention.ms': topic.retentionMs,
        'cleanup.policy': topic.cleanupPolicy,
        'min.insync.replicas': PRODUCTION_MIN_INSYNC_REPLICAS,
      },
    },
  };
}

export function renderKafkaTopics(): Artifact {
  const header = '# Generated from the topic catalog in libs/contracts by `npm run generate`; do not edit by hand.\n';
  const documents = ALL_TOPICS.map((topic) => stringify(kafkaTopicResource(topic), { lineWidth: 0 }));
  return { path: 'k8s/kafka/topics.yaml', content: `${header}---\n${documents.join('---\n')}` };
}
