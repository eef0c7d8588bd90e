import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROBE_ROUTE, SERVICE_NAMES, type ServiceName } from '@parley/contracts';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig, type ConfigSchema } from '@parley/platform/config';
import { createLogger, MetricsRegistry, PARLEY_SERVICE_ATTRIBUTE, startTelemetry } from '@parley/platform/observability';
import { testEnvironment, waitFor } from '@parley/platform/testing';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveConfigSchema } from '../apps/archive/src/config.ts';
import { complianceFilterConfigSchema } from '../apps/compliance-filter/src/config.ts';
import { gatewayConfigSchema } from '../apps/gateway/src/config.ts';
import { ivrMenuConfigSchema } from '../apps/ivr-menu/src/config.ts';
import { reportingConfigSchema } from '../apps/reporting/src/config.ts';
import { routingConfigSchema } from '../apps/routing/src/config.ts';
import { gatewayVonageEnv, generateLocalSecrets } from '../apps/gateway/src/local/local-credentials.ts';

// Telemetry must start before any service loads kafkajs, exactly as each service's main does.
const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({
  serviceName: 'parley-smoke',
  config: { enabled: true, exporter: 'none', tracesEndpoint: undefined, serviceName: undefined },
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});

const secrets = generateLocalSecrets();
const ADMIN_TOKEN = secrets.adminToken;

const services: Record<ServiceName, { schema: ConfigSchema<object>; module: () => Promise<Type | DynamicModule> }> = {
  gateway: { schema: gatewayConfigSchema, module: async () => (await import('../apps/gateway/src/app.module.ts')).AppModule },
  'compliance-filter': {
    schema: complianceFilterConfigSchema,
    module: async () => (await import('../apps/compliance-filter/src/app.module.ts')).AppModule,
  },
  'ivr-menu': { schema: ivrMenuConfigSchema, module: async () => (await import('../apps/ivr-menu/src/app.module.ts')).AppModule },
  routing: { schema: routingConfigSchema, module: async () => (await import('../apps/routing/src/app.module.ts')).AppModule },
  archive: { schema: archiveConfigSchema, module: async () => (await import('../apps/archive/src/app.module.ts')).AppModule },
  reporting: { schema: reportingConfigSchema, module: async () => (await import('../apps/reporting/src/app.module.ts')).AppModule },
};

describe('the pipeline probe across all six services', () => {
  const { kafkaBrokers, databaseUrl } = testEnvironment();
  const apps = new Map<ServiceName, { app: NestFastifyApplication; url: string }>();

  beforeAll(async () => {
    for (const service of SERVICE_NAMES) {
      const config = loadConfig(service, services[service].schema as ConfigSchema<{ service: { name: ServiceName; shutdownTimeoutMs: number } }>, {
        KAFKA_BROKERS: kafkaBrokers,
        DATABASE_URL: databaseUrl,
        // No carrier traffic in this test: the gateway's Vonage settings only need to be valid.
        ...gatewayVonageEnv(secrets, 'http://127.0.0.1:9', 'http://127.0.0.1:3000'),
        PARLEY_ADMIN_TOKEN: secrets.adminToken,
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      });
      const app = await createServiceApp({
        service,
        config,
        appModule: await services[service].module(),
        logger: createLogger({ service, level: 'warn' }),
        metrics: new MetricsRegistry(service, { collectProcessMetrics: false }),
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      apps.set(service, { app, url: await app.getUrl() });
    }
    for (const [service, { url }] of apps) {
      await waitFor(`${service} to be ready`, async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 60_000 });
    }
  });

  afterAll(async () => {
    for (const { app } of [...apps.values()].reverse()) {
      await app.close();
    }
    await telemetry.shutdown();
  });

  it('walks every service in pipeline order and returns to the gateway in one trace', async () => {
    exporter.reset();
    const gateway = apps.get('gateway')!;
    const response = await fetch(`${gateway.url}/admin/diagnostics/probes?waitMs=30000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const probe = (await response.json()) as { probeId: string; status: string; hops: { service: string }[] };
    expect(probe.status).toBe('completed');
    expect(probe.hops.map((hop) => hop.service)).toEqual(PROBE_ROUTE);

    // Only the probe's own spans: services also work through events other tests left on the shared broker meanwhile.
    const spans = exporter.getFinishedSpans().filter((span) => span.name.includes('diagnostics.probe'));
    const handled = spans.filter((span) => span.name.startsWith('handle diagnostics.probe.'));
    const servicesInTrace = new Set(
      spans.map((span) => span.attributes[PARLEY_SERVICE_ATTRIBUTE]).filter((service) => service !== undefined),
    );
    expect([...servicesInTrace].sort()).toEqual([...SERVICE_NAMES].sort());
    const traceIds = new Set(
      spans.filter((span) => span.attributes[PARLEY_SERVICE_ATTRIBUTE] !== undefined).map((span) => span.spanContext().traceId),
    );
    expect(traceIds.size).toBe(1);
    // Each hop's handler span hangs below the Kafka span of the message that carried the probe to it.
    expect(handled.map((span) => span.attributes[PARLEY_SERVICE_ATTRIBUTE])).toEqual(
      expect.arrayContaining(PROBE_ROUTE.filter((service) => service !== 'gateway')),
    );
    for (const span of handled) {
      expect(span.parentSpanContext?.spanId, span.name).toBeDefined();
    }
  });

  it('answers malformed JSON with 400 and an oversized body with 413, both as problem details', async () => {
    const url = `${apps.get('gateway')!.url}/admin/diagnostics/probes`;
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const malformed = await fetch(url, { method: 'POST', headers, body: '{"oops":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const oversized = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ filler: 'x'.repeat(70 * 1024) }) });
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('answers an unauthenticated probe request with 401 problem details', async () => {
    const response = await fetch(`${apps.get('gateway')!.url}/admin/diagnostics/probes`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, code: 'admin.token-required' });
  });
});
