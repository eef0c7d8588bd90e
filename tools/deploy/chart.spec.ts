import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  helmLint,
  helmTemplate,
  isBuiltIn,
  KUBERNETES_VERSIONS,
  parseManifests,
  PRODUCTION_VALUES,
  validateBuiltIn,
  validateCustomResources,
  type Manifest,
} from './manifests.ts';
import { helmBinary, kubernetesValidateBinary, repoRoot, TOOLCHAIN_INSTALL_TIMEOUT_MS } from './toolchain.ts';

/** kubernetes-validate loads every schema it needs in a fresh Python process: seconds, more on a busy machine. */
const VALIDATION_TIMEOUT_MS = 120_000;

const VARIANTS = [
  { name: 'default values', valuesFiles: [] as string[] },
  { name: 'production values', valuesFiles: [PRODUCTION_VALUES] },
];

beforeAll(() => {
  // Installs the pinned tools into the cache on a fresh machine; instant once they are there.
  helmBinary();
  kubernetesValidateBinary();
}, TOOLCHAIN_INSTALL_TIMEOUT_MS);

describe.each(VARIANTS)('the chart with $name', ({ valuesFiles }) => {
  it('passes helm lint --strict', () => {
    const result = helmLint(valuesFiles);
    expect(result.output).toContain('0 chart(s) failed');
    expect(result.status, result.output).toBe(0);
  }, VALIDATION_TIMEOUT_MS);

  it.each(KUBERNETES_VERSIONS.map((version) => [version]))('renders manifests valid for Kubernetes %s', (version) => {
    const manifests = parseManifests(helmTemplate({ valuesFiles, kubeVersion: version }));
    expect(manifests.length).toBeGreaterThan(0);
    const builtIn = validateBuiltIn(manifests.filter(isBuiltIn), version);
    expect(builtIn.status, builtIn.output).toBe(0);
    const custom = manifests.filter((manifest) => !isBuiltIn(manifest));
    if (custom.length > 0) {
      const result = validateCustomResources(custom);
      expect(result.status, result.output).toBe(0);
    }
  }, VALIDATION_TIMEOUT_MS);
});

describe('the validation itself', () => {
  it('rejects an unknown field in a built-in kind', () => {
    const [deployment] = parseManifests(helmTemplate()).filter((manifest) => manifest.kind === 'Deployment');
    const broken = { ...deployment, spec: { ...deployment?.spec, replicaz: 2 } } as Manifest;
    expect(validateBuiltIn([broken], '1.37.0').status).not.toBe(0);
  }, VALIDATION_TIMEOUT_MS);

  it('rejects a custom resource with a wrong field and one whose kind has no schema', () => {
    const [monitor] = parseManifests(helmTemplate({ valuesFiles: [PRODUCTION_VALUES] })).filter((manifest) => manifest.kind === 'ServiceMonitor');
    expect(monitor).toBeDefined();
    expect(validateCustomResources([{ ...monitor, spec: { ...monitor?.spec, endpoint: [] } } as Manifest]).status).not.toBe(0);
    expect(validateCustomResources([{ apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'x' } }]).status).not.toBe(0);
  }, VALIDATION_TIMEOUT_MS);

  it('rejects values the schema forbids', () => {
    expect(() => helmTemplate({ set: ['services.gateway.replicaz=2'] })).toThrow();
    expect(() => helmTemplate({ set: ['containerSecurityContext.readOnlyRootFilesystem=false'] })).toThrow();
    expect(() => helmTemplate({ set: ['services.gateway.env.DATABASE_URL=postgres://x'] })).toThrow();
  }, VALIDATION_TIMEOUT_MS);
});

describe('the k8s/ resources', () => {
  const files = ['k8s/kafka/topics.yaml', 'k8s/kafka/users.yaml', 'k8s/otel-collector/collector.yaml'];
  const manifests = files.flatMap((file) => parseManifests(readFileSync(join(repoRoot, file), 'utf8')));

  it.each(KUBERNETES_VERSIONS.map((version) => [version]))('are valid for Kubernetes %s', (version) => {
    const builtIn = validateBuiltIn(manifests.filter(isBuiltIn), version);
    expect(builtIn.status, builtIn.output).toBe(0);
  }, VALIDATION_TIMEOUT_MS);

  it('hold Strimzi resources valid against their schemas', () => {
    const custom = manifests.filter((manifest) => !isBuiltIn(manifest));
    expect(new Set(custom.map((manifest) => manifest.kind))).toEqual(new Set(['KafkaTopic', 'KafkaUser']));
    const result = validateCustomResources(custom);
    expect(result.status, result.output).toBe(0);
  }, VALIDATION_TIMEOUT_MS);

  it('point the collector at the port the chart sends traces to', () => {
    const values = readFileSync(join(repoRoot, 'charts/parley/values.yaml'), 'utf8');
    const service = manifests.find((manifest) => manifest.kind === 'Service' && manifest.metadata.name === 'parley-otel-collector');
    expect(values).toContain('otlpEndpoint: http://parley-otel-collector:4318');
    expect(JSON.stringify(service?.spec)).toContain('"port":4318');
  });
});
