import { randomUUID } from 'node:crypto';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../src/local/local-credentials.ts';
import { fictionalNumber, provisionTenant, startGateway, vonageToken, type RunningGateway } from './gateway-harness.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

describe('the inbound SMS webhook', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  let gateway: RunningGateway;
  let business: string;
  let tenantId: string;

  function inbound(overrides: Record<string, unknown> = {}): string {
    return JSON.stringify({
      channel: 'sms',
      message_uuid: randomUUID(),
      to: business.slice(1),
      from: '447700900123',
      timestamp: new Date().toISOString(),
      message_type: 'text',
      text: 'Hi, my card is 4111 1111 1111 1111, can you book me in for Tuesday?',
      sms: { num_messages: '1', keyword: 'HI' },
      ...overrides,
    });
  }

  async function post(body: string, authorization: string | undefined, contentType = 'application/json'): Promise<Response> {
    return fetch(`${gateway.url}/webhooks/vonage/inbound`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
      body,
    });
  }

  async function eventsFor(carrierMessageId: string): Promise<Record<string, unknown>[]> {
    const all = await kafka.readAll('sms.inbound.raw');
    return all
      .map((message) => JSON.parse(message.value ?? '{}') as { payload: { carrierMessageId: string } })
      .filter((event) => event.payload.carrierMessageId === carrierMessageId);
  }

  beforeAll(async () => {
    await kafka.connect();
    gateway = await startGateway({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: 'http://127.0.0.1:9' });
    business = fictionalNumber();
    ({ tenantId } = await provisionTenant(gateway, { e164: business }));
  });

  afterAll(async () => {
    await gateway.stop();
    await kafka.disconnect();
  });

  it('publishes a signed text to the raw topic, keyed by an opaque thread id, before answering 200', async () => {
    const body = inbound();
    const response = await post(body, vonageToken(secrets, body));
    expect(response.status).toBe(200);
    const carrierMessageId = (JSON.parse(body) as { message_uuid: string }).message_uuid;
    const [event] = await waitFor('the event', async () => {
      const found = await eventsFor(carrierMessageId);
      return found.length > 0 ? found : undefined;
    });
    expect(event).toMatchObject({
      type: 'sms.inbound.received',
      tenantId,
      producer: 'gateway',
      payload: {
        carrierMessageId,
        businessNumber: business,
        customerNumber: '+447700900123',
        text: 'Hi, my card is 4111 1111 1111 1111, can you book me in for Tuesday?',
        parts: 1,
      },
    });
    const [message] = (await kafka.readAll('sms.inbound.raw')).filter((candidate) => candidate.value?.includes(carrierMessageId));
    expect(message?.key).toMatch(/^thr_[A-Za-z0-9_-]+$/);
    expect(message?.key).not.toContain('447700900123');
    expect(message?.headers['parley-event-type']).toBe('sms.inbound.received');
  });

  it('answers a replayed message 200 and publishes nothing more', async () => {
    const body = inbound();
    const carrierMessageId = (JSON.parse(body) as { message_uuid: string }).message_uuid;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post(body, vonageToken(secrets, body))).status).toBe(200);
    }
    await waitFor('the event', async () => (await eventsFor(carrierMessageId)).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await eventsFor(carrierMessageId)).toHaveLength(1);
  });

  it('keeps concurrent webhooks apart, and a retry racing its original shares the original record', async () => {
    const bodies = Array.from({ length: 20 }, () => inbound());
    const racing = bodies[0] as string;
    const responses = await Promise.all([...bodies, racing].map((body) => post(body, vonageToken(secrets, body))));
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const carrierIds = bodies.map((body) => (JSON.parse(body) as { message_uuid: string }).message_uuid);
    const events = await waitFor('an event for every message', async () => {
      const found = await Promise.all(carrierIds.map((carrierMessageId) => eventsFor(carrierMessageId)));
      return found.every((forMessage) => forMessage.length > 0) ? found : undefined;
    });
    const messageIds = events.map((forMessage) => new Set(forMessage.map((event) => (event['payload'] as { messageId: string }).messageId)));
    expect(messageIds.every((ids) => ids.size === 1)).toBe(true);
    expect(new Set(messageIds.map((ids) => [...ids][0])).size).toBe(bodies.length);
    expect(new Set(events[0]?.map((event) => event['eventId'])).size).toBe(1);
  });

  it.each([
    ['unsigned', () => undefined],
    ['signed with another secret', (body: string) => vonageToken({ ...secrets, vonage: { ...secrets.vonage, signatureSecret: 'forged-secret-forged-secret' } }, body)],
    ['a valid token over a tampered body', (body: string) => vonageToken(secrets, body.replace('Tuesday', 'Friday'))],
    ['stale', (body: string) => vonageToken(secrets, body, { iat: Math.floor(Date.now() / 1000) - 3 * 86_400 })],
    ['for another account', (body: string) => vonageToken(secrets, body, { api_key: 'someone-else' })],
  ])('refuses a webhook %s with 401 and publishes nothing', async (_case, sign) => {
    const body = inbound();
    const response = await post(body, sign(body));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await eventsFor((JSON.parse(body) as { message_uuid: string }).message_uuid)).toEqual([]);
  });

  it.each([
    ['a number that is not E.164', { from: 'ACME' }, 400],
    ['a text over 10,000 characters', { text: 'x'.repeat(10_001) }, 400],
    ['a missing text', { text: undefined }, 400],
    ['another channel', { channel: 'whatsapp' }, 400],
  ])('answers %s with a clear 4xx and writes nothing', async (_case, overrides, status) => {
    const body = inbound(overrides);
    const response = await post(body, vonageToken(secrets, body));
    expect(response.status).toBe(status);
    const problem = (await response.json()) as { errors: unknown[] };
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(await eventsFor((JSON.parse(body) as { message_uuid: string }).message_uuid)).toEqual([]);
  });

  it('answers malformed JSON with 400, a wrong content type with 415 and an oversized body with 413', async () => {
    const broken = '{"channel":"sms",';
    expect((await post(broken, vonageToken(secrets, broken))).status).toBe(400);
    const text = 'channel=sms';
    expect((await post(text, vonageToken(secrets, text), 'text/plain')).status).toBe(415);
    const huge = inbound({ padding: 'x'.repeat(70 * 1024) });
    const response = await post(huge, vonageToken(secrets, huge));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('acknowledges a text for a number nobody configured and records it without its text', async () => {
    const nobody = fictionalNumber();
    const body = inbound({ to: nobody.slice(1) });
    const response = await post(body, vonageToken(secrets, body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'unrouted' });
    const carrierMessageId = (JSON.parse(body) as { message_uuid: string }).message_uuid;
    const recorded = await waitFor('the unrouted record', async () =>
      (await kafka.readAll('carrier.events')).find((message) => message.value?.includes(carrierMessageId)),
    );
    expect(JSON.parse(recorded.value ?? '{}')).toMatchObject({
      type: 'carrier.traffic.unrouted',
      payload: { number: nobody, channel: 'sms', carrierId: carrierMessageId },
    });
    expect(recorded.value).not.toContain('Tuesday');
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/parley_unrouted_traffic_total\{channel="sms",service="gateway"\} [1-9]/);
  });
});
