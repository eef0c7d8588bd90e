import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, SERVICE_NAMES } from '@parley/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_PORTS } from '../dev/service-process.ts';
import { KAFKA_USER_PREFIX, STRIMZI_CLUSTER_LABEL } from '../generate/artifacts.ts';
import { CHART_DIR, helmTemplate, parseManifests, PRODUCTION_VALUES, type Manifest } from './manifests.ts';
import { helmBinary, repoRoot, TOOLCHAIN_INSTALL_TIMEOUT_MS } from './toolchain.ts';

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
  env?: { name: string; value?: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  volumes?: { name: string; emptyDir?: unknown }[];
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
}
interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: unknown;
  ipBlock?: unknown;
}
interface NetworkPolicySpec {
  podSelector: { matchLabels: Record<string, string> };
  policyTypes: string[];
  ingress?: { from?: Peer[]; ports?: { port: number | string }[] }[];
  egress?: { to?: Peer[]; ports?: { port: number | string }[] }[];
}

const apps = readdirSync(join(repoRoot, 'apps')).filter((app) => existsSync(join(repoRoot, 'apps', app, 'src', 'main.ts')));
const gatewayConfig = readFileSync(join(repoRoot, 'apps/gateway/src/config.ts'), 'utf8');
/** The services whose admin APIs the gateway calls, read from its `PARLEY_<SERVICE>_URL` settings. */
const GATEWAY_CALLS = [...gatewayConfig.matchAll(/\bPARLEY_([A-Z_]+)_URL: httpUrl/g)].map((match) => ({
  service: (match[1] ?? '').toLowerCase().replaceAll('_', '-'),
  variable: `PARLEY_${match[1] ?? ''}_URL`,
}));
const GATEWAY_CALLED = GATEWAY_CALLS.map((call) => call.service);

function podSpecOf(manifest: Manifest): PodSpec {
  return (manifest.spec as { template: { spec: PodSpec } }).template.spec;
}

function named(manifests: Manifest[], kind: string, service: string): Manifest | undefined {
  return manifests.find((manifest) => manifest.kind === kind && manifest.metadata.labels?.['app.kubernetes.io/name'] === service && manifest.metadata.labels['app.kubernetes.io/component'] === 'service');
}

beforeAll(() => {
  helmBinary();
}, TOOLCHAIN_INSTALL_TIMEOUT_MS);

describe.each([
  { name: 'default values', valuesFiles: [] as string[] },
  { name: 'production values', valuesFiles: [PRODUCTION_VALUES] },
])('every service, rendered with $name', ({ valuesFiles }) => {
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = parseManifests(helmTemplate({ valuesFiles }));
  }, 60_000);

  it('is the chart list of services, which is the list of apps', () => {
    expect([...apps].sort()).toEqual([...SERVICE_NAMES].sort());
    expect(manifests.filter((manifest) => manifest.kind === 'Deployment').map((manifest) => manifest.metadata.labels?.['app.kubernetes.io/name']).sort()).toEqual([...apps].sort());
  });

  it.each(apps.map((app) => [app]))('%s has a Deployment with probes on /healthz and /readyz at its port', (app) => {
    const deployment = named(manifests, 'Deployment', app);
    expect(deployment, `no Deployment for ${app}`).toBeDefined();
    const [container] = podSpecOf(deployment as Manifest).containers;
    const port = SERVICE_PORTS[app as keyof typeof SERVICE_PORTS];
    expect(container?.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    expect(container?.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container?.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container?.image).toMatch(new RegExp(`/${app}:[^:]+$`));
    const configMap = named(manifests, 'ConfigMap', app);
    expect(configMap?.data?.HTTP_PORT).toBe(String(port));
    const service = named(manifests, 'Service', app);
    expect(JSON.stringify(service?.spec)).toContain(`"port":${port}`);
  });

  it.each(apps.map((app) => [app]))('%s runs non-root, read-only, unprivileged, with a writable /tmp', (app) => {
    const pod = podSpecOf(named(manifests, 'Deployment', app) as Manifest);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const [container] = pod.containers;
    expect(container?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const tmp = container?.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it.each(apps.map((app) => [app]))('%s has a migration hook Job running its migrate.js', (app) => {
    const job = manifests.find((manifest) => manifest.kind === 'Job' && manifest.metadata.labels?.['app.kubernetes.io/name'] === app);
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const [container] = podSpecOf(job as Manifest).containers;
    expect(container?.command?.at(-1)).toBe(`apps/${app}/dist/migrate.js`);
    expect(container?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it.each(apps.map((app) => [app]))('%s has a NetworkPolicy: ingress only from its callers, egress only to what it uses', (app) => {
    const policy = named(manifests, 'NetworkPolicy', app);
    expect(policy, `no NetworkPolicy for ${app}`).toBeDefined();
    const spec = policy?.spec as unknown as NetworkPolicySpec;
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe(app);
    const openIngress = (spec.ingress ?? []).filter((rule) => rule.from === undefined);
    const fromGateway = (spec.ingress ?? []).filter((rule) => rule.from?.some((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'gateway'));
    if (app === 'gateway') {
      expect(fromGateway).toHaveLength(0);
    } else {
      expect(openIngress, 'only the gateway takes traffic from anywhere').toHaveLength(0);
      expect(fromGateway).toHaveLength(GATEWAY_CALLED.includes(app) ? 1 : 0);
    }
    for (const rule of spec.ingress ?? []) {
      expect(rule.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
    }
    const toServices = (spec.egress ?? [])
      .flatMap((rule) => rule.to ?? [])
      .map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'])
      .filter((name): name is string => SERVICE_NAMES.includes(name as never));
    expect(toServices.sort()).toEqual(app === 'gateway' ? [...GATEWAY_CALLED].sort() : []);
    for (const rule of spec.egress ?? []) {
      expect(rule.ports?.length, 'every egress rule names its ports').toBeGreaterThan(0);
    }
  });

  it('gives the gateway the in-cluster address of every service it calls', () => {
    const data = named(manifests, 'ConfigMap', 'gateway')?.data ?? {};
    expect(GATEWAY_CALLED.length).toBeGreaterThan(0);
    for (const { service, variable } of GATEWAY_CALLS) {
      expect(SERVICE_NAMES).toContain(service);
      expect(data[variable], variable).toBe(`http://parley-${service}:${SERVICE_PORTS[service as keyof typeof SERVICE_PORTS]}`);
    }
  });

  it('names every resource once and never takes the name of the Secret Strimzi writes for a KafkaUser', () => {
    const keys = manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`);
    expect(keys.length).toBe(new Set(keys).size);
    const secrets = manifests.filter((manifest) => manifest.kind === 'Secret').map((manifest) => manifest.metadata.name);
    for (const app of apps) {
      expect(secrets).not.toContain(`${KAFKA_USER_PREFIX}${app}`);
    }
  });

  it('logs each service in to Kafka as the KafkaUser generated for it', () => {
    for (const app of apps) {
      expect(named(manifests, 'ConfigMap', app)?.data?.KAFKA_SASL_USERNAME).toBe(`${KAFKA_USER_PREFIX}${app}`);
    }
  });
});

describe('chart values', () => {
  const defaults = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as {
    kafka: { brokers: string; sasl: { userPrefix: string } };
    services: Record<string, { port: number; autoscaling: { maxReplicas: number } }>;
  };
  const production = parse(readFileSync(PRODUCTION_VALUES, 'utf8')) as typeof defaults;

  it('default to the generated Strimzi cluster and users', () => {
    expect(defaults.kafka.brokers.startsWith(`${STRIMZI_CLUSTER_LABEL}-kafka-bootstrap:`)).toBe(true);
    expect(defaults.kafka.sasl.userPrefix).toBe(KAFKA_USER_PREFIX);
  });

  it.each([
    ['default', defaults],
    ['production', production],
  ])('(%s) give each service its own port and never more replicas than the partitions it can consume', (_name, values) => {
    for (const app of apps) {
      const config = values.services[app];
      expect(config?.port).toBe(SERVICE_PORTS[app as keyof typeof SERVICE_PORTS]);
      // A consumer group never has more busy members than partitions; diagnostics probes are a one-partition aside.
      const partitions = Math.max(...ALL_TOPICS.filter((topic) => topic.consumers.includes(app as never) && topic.name !== 'diagnostics.probes').map((topic) => topic.partitions));
      expect(config?.autoscaling.maxReplicas, app).toBeLessThanOrEqual(partitions);
    }
  });
});
