import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startKafka, stopKafka } from '@parley/local-stack/kafka';
import { ensureTopics } from '@parley/local-stack/topics';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../src/local/local-credentials.ts';
import { fictionalNumber, provisionTenant, startGateway, vonageToken, type RunningGateway } from './gateway-harness.ts';

const { databaseUrl } = testEnvironment();
const PORT = 29_092;
const CONTROLLER_PORT = 29_093;

// A broker of its own, so stopping it leaves the shared test broker alone.
describe('the inbound webhook while Kafka is down', () => {
  const secrets = generateLocalSecrets();
  // Fixed, so a run that was killed is cleaned up by the next one.
  const dataDir = join(import.meta.dirname, '..', '..', '..', '.parley', 'test-outage', 'kafka');
  let brokers: string;
  let gateway: RunningGateway;
  let business: string;

  const inbound = (carrierMessageId: string) =>
    JSON.stringify({
      channel: 'sms',
      message_uuid: carrierMessageId,
      to: business.slice(1),
      from: '447700900321',
      timestamp: new Date().toISOString(),
      text: `Message ${carrierMessageId}`,
    });

  const post = (body: string) =>
    fetch(`${gateway.url}/webhooks/vonage/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: vonageToken(secrets, body) },
      body,
    });

  beforeAll(async () => {
    await stopKafka(dataDir);
    await rm(dataDir, { recursive: true, force: true });
    ({ brokers } = await startKafka({ dataDir, port: PORT, controllerPort: CONTROLLER_PORT }));
    await ensureTopics([brokers]);
    gateway = await startGateway({ kafkaBrokers: brokers, databaseUrl, secrets, vonageApiHost: 'http://127.0.0.1:9', env: { LOG_LEVEL: 'fatal' } });
    business = fictionalNumber();
    await provisionTenant(gateway, { e164: business });
  });

  afterAll(async () => {
    await gateway.stop();
    await stopKafka(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 so the carrier retries, and loses nothing once the broker is back', async () => {
    const before = randomUUID();
    expect((await post(inbound(before))).status).toBe(200);

    await stopKafka(dataDir);
    const during = randomUUID();
    const refused = await post(inbound(during));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ status: 503, code: 'messaging.publish-failed' });
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);

    await startKafka({ dataDir, port: PORT, controllerPort: CONTROLLER_PORT });
    // The carrier's retry of the refused webhook, once the gateway can reach Kafka again.
    await waitFor('the retried webhook to be taken', async () => (await post(inbound(during))).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 1_000,
    });

    const kafka = new KafkaTestClient(brokers);
    await kafka.connect();
    try {
      const values = (await kafka.readAll('sms.inbound.raw')).map((message) => message.value ?? '');
      expect(values.filter((value) => value.includes(before))).toHaveLength(1);
      expect(values.filter((value) => value.includes(during))).toHaveLength(1);
    } finally {
      await kafka.disconnect();
    }
  });
});
