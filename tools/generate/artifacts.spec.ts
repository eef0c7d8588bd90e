import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, SERVICE_NAMES } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KAFKA_USER_PREFIX, renderArtifacts, renderKafkaTopics, renderKafkaUsers, type KafkaAcl } from './artifacts.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

describe('generated artifacts', () => {
  it.each(renderArtifacts().map((artifact) => [artifact.path, artifact] as const))(
    '%s matches the contracts (run `npm run generate` after changing them)',
    (path, artifact) => {
      const file = join(repoRoot, path);
      expect(existsSync(file), `${path} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(artifact.content);
    },
  );

  it('keeps no JSON Schema for an event that no longer exists', () => {
    const expected = renderArtifacts()
      .map((artifact) => artifact.path)
      .filter((path) => path.startsWith('libs/contracts/json-schema/'))
      .map((path) => path.split('/').at(-1))
      .sort();
    expect(readdirSync(join(repoRoot, 'libs/contracts/json-schema')).sort()).toEqual(expected);
  });

  it('renders one KafkaTopic per catalogued topic with its partitions and retention', () => {
    const resources = parseAllDocuments(renderKafkaTopics().content).map((document) => document.toJS() as {
      kind: string;
      metadata: { name: string };
      spec: { partitions: number; config: Record<string, unknown> };
    });
    expect(resources.map((resource) => resource.metadata.name)).toEqual(ALL_TOPICS.map((topic) => topic.name));
    for (const topic of ALL_TOPICS) {
      const resource = resources.find((candidate) => candidate.metadata.name === topic.name);
      expect(resource?.kind).toBe('KafkaTopic');
      expect(resource?.spec.partitions).toBe(topic.partitions);
      expect(resource?.spec.config['retention.ms']).toBe(topic.retentionMs);
      expect(resource?.spec.config['cleanup.policy']).toBe(topic.cleanupPolicy);
    }
  });

  describe('KafkaUsers', () => {
    const users = parseAllDocuments(renderKafkaUsers().content).map((document) => document.toJS() as {
      kind: string;
      metadata: { name: string };
      spec: { authorization: { acls: KafkaAcl[] } };
    });
    const aclsOf = (service: string): KafkaAcl[] =>
      users.find((user) => user.metadata.name === `${KAFKA_USER_PREFIX}${service}`)?.spec.authorization.acls ?? [];
    const topicsWith = (service: string, operation: KafkaAcl['operations'][number]): string[] =>
      aclsOf(service)
        .filter((acl) => acl.resource.type === 'topic' && acl.operations.includes(operation))
        .map((acl) => acl.resource.name)
        .sort();

    it('renders one per service', () => {
      expect(users.map((user) => user.kind)).toEqual(SERVICE_NAMES.map(() => 'KafkaUser'));
      expect(users.map((user) => user.metadata.name)).toEqual(SERVICE_NAMES.map((service) => `${KAFKA_USER_PREFIX}${service}`));
    });

    it.each(SERVICE_NAMES.map((service) => [service]))('lets %s read exactly what it consumes and write exactly what it produces', (service) => {
      const consumes = ALL_TOPICS.filter((topic) => (topic.consumers as readonly string[]).includes(service)).map((topic) => topic.name).sort();
      const produces = ALL_TOPICS.filter((topic) => (topic.producers as readonly string[]).includes(service)).map((topic) => topic.name).sort();
      expect(topicsWith(service, 'Read')).toEqual(consumes);
      expect(topicsWith(service, 'Write')).toEqual(produces);
      expect(aclsOf(service).every((acl) => acl.resource.type !== 'topic' || acl.resource.patternType === 'literal')).toBe(true);
    });

    it.each(SERVICE_NAMES.map((service) => [service]))('lets %s join only its own consumer groups, by prefix', (service) => {
      const groups = aclsOf(service).filter((acl) => acl.resource.type === 'group');
      expect(groups).toEqual([{ resource: { type: 'group', name: `${service}.`, patternType: 'prefix' }, operations: ['Describe', 'Read'] }]);
    });

    it('lets only the compliance filter read the raw topics and only their producers write them', () => {
      for (const topic of ALL_TOPICS.filter((candidate) => candidate.sensitivity === 'raw' && !candidate.name.endsWith('.dlq'))) {
        expect(SERVICE_NAMES.filter((service) => topicsWith(service, 'Read').includes(topic.name))).toEqual(['compliance-filter']);
        expect(SERVICE_NAMES.filter((service) => topicsWith(service, 'Write').includes(topic.name))).toEqual([...topic.producers]);
      }
    });

    it('grants nothing by wildcard or on the cluster', () => {
      for (const service of SERVICE_NAMES) {
        for (const acl of aclsOf(service)) {
          expect(acl.resource.name).not.toBe('*');
          expect(acl.resource.type).not.toBe('cluster');
          expect(acl.operations).not.toContain('All');
        }
      }
    });
  });
});
