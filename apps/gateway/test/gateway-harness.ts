import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig } from '@parley/platform/config';
import { createLogger, MetricsRegistry } from '@parley/platform/observability';
import type { KafkaTestClient } from '@parley/platform/testing';
import { gatewayVonageEnv, type LocalSecrets } from '../src/local/local-credentials.ts';
import { gatewayConfigSchema } from '../src/config.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningGateway {
  app: NestFastifyApplication;
  url: string;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

/** The real gateway module in this process, on its own port, against the given broker, database and carrier. */
export async function startGateway(options: {
  kafkaBrokers: string;
  databaseUrl: string;
  secrets: LocalSecrets;
  vonageApiHost: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<RunningGateway> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig('gateway', gatewayConfigSchema, {
    KAFKA_BROKERS: options.kafkaBrokers,
    DATABASE_URL: options.databaseUrl,
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
    ...gatewayVonageEnv(options.secrets, options.vonageApiHost, url),
    PARLEY_DIRECTORY_CACHE_MS: '0',
    VONAGE_RATE_LONG_CODE_PER_SECOND: '50',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const { AppModule } = await import('../src/app.module.ts');
  const app = await createServiceApp({
    service: 'gateway',
    config,
    appModule: AppModule,
    logger: createLogger({ service: 'gateway', level: config.log.level }),
    metrics: new MetricsRegistry('gateway', { collectProcessMetrics: false }),
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    app,
    url,
    admin: (path, init = {}) =>
      fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${options.secrets.adminToken}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    stop: () => app.close(),
  };
}

/** Creates a tenant with one business number through the admin API, as an operator would. */
export async function provisionTenant(
  gateway: RunningGateway,
  number: { e164: string; voiceEnabled?: boolean; voiceFlow?: unknown },
): Promise<{ tenantId: string; numberId: string }> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const tenant = (await (await gateway.admin('/admin/tenants', { method: 'POST', body: { slug, name: `Tenant ${slug}` } })).json()) as {
    id: string;
  };
  const created = await gateway.admin(`/admin/tenants/${tenant.id}/numbers`, {
    method: 'POST',
    body: { label: 'Main line', smsEnabled: true, ...number },
  });
  if (created.status !== 201) {
    throw new Error(`provisioning ${number.e164} failed: ${created.status} ${await created.text()}`);
  }
  const body = (await created.json()) as { id: string };
  return { tenantId: tenant.id, numberId: body.id };
}

/** A random North American number, so tests never collide on the directory's unique numbers. */
export function fictionalNumber(): string {
  return `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

/** Signs a webhook exactly as Vonage does: an HS256 JWT over the payload's SHA-256. */
export function vonageToken(secrets: LocalSecrets, payload: string | Buffer, claims: Record<string, unknown> = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(
    JSON.stringify({
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      iss: 'Vonage',
      payload_hash: createHash('sha256').update(payload).digest('hex'),
      api_key: secrets.vonage.apiKey,
      application_id: secrets.vonage.applicationId,
      ...claims,
    }),
  ).toString('base64url');
  const signature = createHmac('sha256', secrets.vonage.signatureSecret).update(`${header}.${body}`).digest('base64url');
  return `Bearer ${header}.${body}.${signature}`;
}

/**
 * Waits for the events mentioning `needle` to appear, then for the count to hold still, so "exactly one" means
 * no copy arrived either. A fresh reader can see an acknowledged message a moment later than its producer.
 */
export async function settledEventsMentioning(
  kafka: KafkaTestClient,
  topic: string,
  needle: string,
  settleMs = 1_000,
): Promise<{ type: string; eventId: string; payload: Record<string, unknown> }[]> {
  const deadline = Date.now() + 15_000;
  let events = await eventsMentioning(kafka, topic, needle);
  while (events.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    events = await eventsMentioning(kafka, topic, needle);
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return eventsMentioning(kafka, topic, needle);
}

/** Kafka messages of one topic whose value mentions `needle`, parsed as envelopes. */
export async function eventsMentioning(
  kafka: KafkaTestClient,
  topic: string,
  needle: string,
): Promise<{ type: string; eventId: string; payload: Record<string, unknown> }[]> {
  return (await kafka.readAll(topic))
    .filter((message) => message.value?.includes(needle))
    .map((message) => JSON.parse(message.value ?? '{}') as { type: string; eventId: string; payload: Record<string, unknown> });
}
