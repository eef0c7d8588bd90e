import {
  ALL_TOPICS,
  EVENTS,
  SERVICE_NAMES,
  eventJsonSchema,
  eventJsonSchemaFileName,
  type ServiceName,
  type TopicDefinition,
} from '@parley/contracts';
import { stringify } from 'yaml';

export const STRIMZI_CLUSTER_LABEL = 'parley-kafka';
/** Production topics: three replicas, and a write is acknowledged once two of them have it. */
const PRODUCTION_REPLICAS = 3;
const PRODUCTION_MIN_INSYNC_REPLICAS = 2;

export interface Artifact {
  path: string;
  content: string;
}

/** Each service authenticates to Kafka as this user; the chart reads the same name and Strimzi's Secret of it. */
export const KAFKA_USER_PREFIX = 'parley-';

const GENERATED_HEADER = '# Generated from the topic catalog in libs/contracts by `npm run generate`; do not edit by hand.\n';

/** Every file generated from the contracts: one JSON Schema per event, the Strimzi topics and users. */
export function renderArtifacts(): Artifact[] {
  return [...renderEventSchemas(), renderKafkaTopics(), renderKafkaUsers()];
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
  return renderDocuments('k8s/kafka/topics.yaml', ALL_TOPICS.map(kafkaTopicResource));
}

export type AclOperation = 'Read' | 'Write' | 'Describe';

export interface KafkaAcl {
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefix' };
  operations: AclOperation[];
}

/**
 * What one service may do on Kafka, straight from the catalog: read the topics it consumes, write the topics it
 * produces (its dead-letter topics included, since the catalog lists a topic's consumers as their producers), and
 * join only consumer groups named `<service>.<consumer>`. Producers are not idempotent, so no cluster grant is needed.
 */
export function kafkaAclsOf(service: ServiceName): KafkaAcl[] {
  const acls: KafkaAcl[] = [];
  for (const topic of ALL_TOPICS) {
    const reads = topic.consumers.includes(service);
    const writes = topic.producers.includes(service);
    if (!reads && !writes) {
      continue;
    }
    const operations: AclOperation[] = ['Describe'];
    if (reads) {
      operations.push('Read');
    }
    if (writes) {
      operations.push('Write');
    }
    acls.push({ resource: { type: 'topic', name: topic.name, patternType: 'literal' }, operations });
  }
  if (ALL_TOPICS.some((topic) => topic.consumers.includes(service))) {
    acls.push({ resource: { type: 'group', name: `${service}.`, patternType: 'prefix' }, operations: ['Describe', 'Read'] });
  }
  return acls;
}

function kafkaUserResource(service: ServiceName): Record<string, unknown> {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaUser',
    metadata: {
      name: `${KAFKA_USER_PREFIX}${service}`,
      labels: {
        'strimzi.io/cluster': STRIMZI_CLUSTER_LABEL,
        'app.kubernetes.io/part-of': 'parley',
        'app.kubernetes.io/component': service,
      },
    },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: { type: 'simple', acls: kafkaAclsOf(service) },
    },
  };
}

export function renderKafkaUsers(): Artifact {
  return renderDocuments('k8s/kafka/users.yaml', SERVICE_NAMES.map(kafkaUserResource));
}

function renderDocuments(path: string, resources: Record<string, unknown>[]): Artifact {
  const documents = resources.map((resource) => stringify(resource, { lineWidth: 0 }));
  return { path, content: `${GENERATED_HEADER}---\n${documents.join('---\n')}` };
}
