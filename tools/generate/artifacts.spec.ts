import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderArtifacts, renderKafkaTopics } from './artifacts.ts';

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
});
