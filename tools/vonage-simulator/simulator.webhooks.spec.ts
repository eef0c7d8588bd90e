import { createHash } from 'node:crypto';
import { verifySignature } from '@vonage/jwt';
import { Vonage } from '@vonage/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sms, startGatewayStub, startTestSimulator, TEST_CREDENTIALS, testKeys, type GatewayStub, type StubRequest } from './gateway-stub.fixture.ts';
import type { RunningSimulator } from './simulator.ts';

const CUSTOMER = '447700900001';
const BUSINESS = '447700900000';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function bearer(request: StubRequest): string {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  if (!match?.[1]) {
    throw new Error('no bearer token');
  }
  return match[1];
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function json(request: StubRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

/** What a correct gateway guard checks: signature, claims, and the hash of the raw body. */
function expectValidlySigned(request: StubRequest, hashedPayload = request.body): void {
  const token = bearer(request);
  expect(verifySignature(token, TEST_CREDENTIALS.signatureSecret)).toBe(true);
  const claims = claimsOf(token);
  expect(claims).toMatchObject({
    iss: 'Vonage',
    api_key: TEST_CREDENTIALS.apiKey,
    application_id: TEST_CREDENTIALS.applicationId,
    payload_hash: sha256(hashedPayload),
  });
  expect(claims.jti).toEqual(expect.any(String));
  expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(60);
  expect(claims).not.toHaveProperty('exp');
  expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))).toEqual({ alg: 'HS256', typ: 'JWT' });
}

describe('webhooks', () => {
  let stub: GatewayStub;
  let simulator: RunningSimulator;
  let vonage: Vonage;

  const send = (text: string, extra: { clientRef?: string; webhookUrl?: string; to?: string } = {}): Promise<{ messageUUID: string }> =>
    vonage.messages.send(sms({ to: extra.to ?? CUSTOMER, from: BUSINESS, text, ...extra }));
  const control = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeEach(async () => {
    stub = await startGatewayStub();
    simulator = await startTestSimulator(stub);
    vonage = new Vonage({ applicationId: TEST_CREDENTIALS.applicationId, privateKey: testKeys().privateKeyPem }, { apiHost: simulator.url });
  });
  afterEach(async () => {
    await simulator.stop();
    await stub.close();
  });

  describe('status (delivery receipts)', () => {
    it('posts submitted then delivered, signed, with the receipt fields', async () => {
      const { messageUUID } = await send('Hello there', { clientRef: 'conv-42' });

      const delivered = await stub.waitFor((request) => request.path === '/status' && json(request).status === 'delivered');
      const statuses = stub.requests.filter((request) => request.path === '/status').map((request) => json(request).status);
      expect(statuses).toEqual(['submitted', 'delivered']);
      expect(delivered.method).toBe('POST');
      expect(delivered.headers['content-type']).toBe('application/json');
      expectValidlySigned(delivered);
      const body = json(delivered);
      expect(body).toEqual({
        message_uuid: messageUUID,
        to: CUSTOMER,
        from: BUSINESS,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
        status: 'delivered',
        channel: 'sms',
        client_ref: 'conv-42',
        usage: { currency: 'EUR', price: '0.0333' },
        sms: { count_total: '1' },
        destination: { network_code: '23410' },
      });
      expect(simulator.state.message(messageUUID)?.statusHistory.map((change) => change.status)).toEqual(['accepted', 'submitted', 'delivered']);
    });

    it('reports count_total as a string of the segment count', async () => {
      await send('a'.repeat(161));

      const delivered = await stub.waitFor((request) => request.path === '/status' && json(request).status === 'delivered');
      expect(json(delivered).sms).toEqual({ count_total: '2' });
    });

    it("goes to the message's webhook_url when it set one", async () => {
      await send('Hi', { webhookUrl: `${stub.url}/per-message-status` });

      await stub.waitFor((request) => request.path === '/per-message-status' && json(request).status === 'delivered');
      expect(stub.requests.filter((request) => request.path === '/status')).toHaveLength(0);
    });

    it('is retried with the same message_uuid after a 500, and stops at the first 2xx', async () => {
      let calls = 0;
      stub.handle('/status', () => {
        calls += 1;
        return { status: calls === 1 ? 500 : 200 };
      });

      const { messageUUID } = await send('Hi');
      await simulator.state.waitForWebhooks((attempt) => attempt.messageUuid === messageUUID && attempt.statusCode === 200, 2);

      const submitted = stub.requests.filter((request) => request.path === '/status' && json(request).status === 'submitted');
      expect(submitted).toHaveLength(2);
      expect(submitted[0]?.body).toBe(submitted[1]?.body);
      expect(submitted.every((request) => json(request).message_uuid === messageUUID)).toBe(true);
      expectValidlySigned(submitted[1]!);
      const attempts = simulator.state.webhooks.filter((attempt) => attempt.kind === 'status' && attempt.messageUuid === messageUUID);
      expect(attempts.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.willRetry])).toEqual(
        expect.arrayContaining([
          [1, 500, true],
          [2, 200, false],
        ]),
      );
    });

    it('retries after a network error and gives up after the configured time', async () => {
      await simulator.stop();
      simulator = await startTestSimulator(stub, { retry: { initialMs: 20, maxMs: 40, giveUpAfterMs: 150 } });
      vonage = new Vonage({ applicationId: TEST_CREDENTIALS.applicationId, privateKey: testKeys().privateKeyPem }, { apiHost: simulator.url });
      const closed = await startGatewayStub();
      await closed.close();

      const { messageUUID } = await send('Hi', { webhookUrl: `${closed.url}/status` });
      const isSubmitted = (attempt: { messageUuid?: string; body: string }): boolean =>
        attempt.messageUuid === messageUUID && attempt.body.includes('"status":"submitted"');
      await simulator.state.waitForWebhook((attempt) => isSubmitted(attempt) && !attempt.willRetry, 3000);

      const attempts = simulator.state.webhooks.filter(isSubmitted);
      expect(attempts.length).toBeGreaterThan(2);
      expect(attempts.every((attempt) => attempt.error !== undefined)).toBe(true);
      expect(attempts.at(-1)?.willRetry).toBe(false);
    });

    it('does not retry other 4xx answers', async () => {
      stub.handle('/status', () => ({ status: 400 }));

      const { messageUUID } = await send('Hi');
      await stub.waitFor((request) => request.path === '/status' && json(request).status === 'delivered');
      await new Promise((resolve) => setTimeout(resolve, 150));

      expect(simulator.state.webhooks.filter((attempt) => attempt.messageUuid === messageUUID).map((attempt) => attempt.attempt)).toEqual([1, 1]);
    });

    it('can be forced to end rejected with a Vonage error, without submitted', async () => {
      const forced = await control('/_sim/outcomes', { outcome: 'rejected', to: CUSTOMER, errorCode: 1240 });
      expect(forced.status).toBe(201);

      const { messageUUID } = await send('Hi');
      const rejected = await stub.waitFor((request) => request.path === '/status' && json(request).status === 'rejected');
      await new Promise((resolve) => setTimeout(resolve, 60));

      expect(stub.requests.filter((request) => request.path === '/status')).toHaveLength(1);
      expect(json(rejected)).toMatchObject({
        message_uuid: messageUUID,
        error: { type: 'https://developer.vonage.com/api-errors/messages#1240', title: '1240', detail: 'Illegal number' },
      });
      expect(simulator.state.message(messageUUID)?.status).toBe('rejected');
    });

    it('can be forced to end undeliverable after submitted, for one recipient only', async () => {
      simulator.forceOutcome({ outcome: 'undeliverable', to: '447700900777' });

      const other = await send('Hi');
      const target = await send('Hi', { to: '447700900777' });
      await stub.waitFor((request) => json(request).message_uuid === target.messageUUID && json(request).status === 'undeliverable');
      await stub.waitFor((request) => json(request).message_uuid === other.messageUUID && json(request).status === 'delivered');

      const targetStatuses = stub.requests.filter((request) => json(request).message_uuid === target.messageUUID).map((request) => json(request).status);
      expect(targetStatuses).toEqual(['submitted', 'undeliverable']);
      expect(json(stub.requests.find((request) => json(request).status === 'undeliverable')!).error).toMatchObject({ title: '1260' });
    });

    it('can drop the final receipt, duplicate receipts or deliver them out of order', async () => {
      simulator.forceOutcome({ outcome: 'no-dlr' });
      simulator.forceOutcome({ outcome: 'delivered', duplicate: true, reorder: true });
      const dropped = await send('one');
      const noisy = await send('two');

      await stub.waitFor((request) => json(request).message_uuid === noisy.messageUUID && json(request).status === 'submitted');
      await simulator.state.waitForWebhooks((attempt) => attempt.messageUuid === noisy.messageUUID, 4);
      await new Promise((resolve) => setTimeout(resolve, 60));

      const statusesOf = (uuid: string): unknown[] => stub.requests.filter((request) => json(request).message_uuid === uuid).map((request) => json(request).status);
      expect(statusesOf(dropped.messageUUID)).toEqual(['submitted']);
      const noisyStatuses = statusesOf(noisy.messageUUID);
      expect(noisyStatuses[0]).toBe('delivered');
      expect([...noisyStatuses].sort()).toEqual(['delivered', 'delivered', 'submitted', 'submitted']);
    });
  });

  describe('inbound SMS injection', () => {
    it('delivers the Messages API v1 inbound payload, signed', async () => {
      const response = await control('/_sim/sms', { from: CUSTOMER, to: BUSINESS, text: 'stop sending me these' });

      expect(response.status).toBe(202);
      const { message_uuid: messageUuid } = (await response.json()) as { message_uuid: string };
      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      expectValidlySigned(inbound);
      expect(json(inbound)).toEqual({
        channel: 'sms',
        message_uuid: messageUuid,
        to: BUSINESS,
        from: CUSTOMER,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
        message_type: 'text',
        text: 'stop sending me these',
        sms: { num_messages: '1', keyword: 'STOP' },
        usage: { currency: 'EUR', price: '0.0057' },
        origin: { network_code: '23410' },
      });
    });

    it('counts the parts of a long unicode text', async () => {
      simulator.injectInboundSms({ from: CUSTOMER, to: BUSINESS, text: 'привет '.repeat(20) });

      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      expect(json(inbound).sms).toEqual({ num_messages: '3', keyword: 'ПРИВЕТ' });
    });

    it('keeps the exact bytes it hashed, unicode included', async () => {
      simulator.injectInboundSms({ from: CUSTOMER, to: BUSINESS, text: 'Café ☕ 😀 "quoted" / slash' });

      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      expectValidlySigned(inbound);
      expect(json(inbound).text).toBe('Café ☕ 😀 "quoted" / slash');
    });

    it('sends no Authorization header when unsigned', async () => {
      await control('/_sim/sms', { from: CUSTOMER, to: BUSINESS, text: 'hi', signing: 'unsigned' });

      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      expect(inbound.headers.authorization).toBeUndefined();
    });

    it('signs with another secret for bad-signature', async () => {
      await control('/_sim/sms', { from: CUSTOMER, to: BUSINESS, text: 'hi', signing: 'bad-signature' });

      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      expect(verifySignature(bearer(inbound), TEST_CREDENTIALS.signatureSecret)).toBe(false);
      expect(claimsOf(bearer(inbound)).payload_hash).toBe(sha256(inbound.body));
    });

    it('changes the body after signing for tampered-body', async () => {
      await control('/_sim/sms', { from: CUSTOMER, to: BUSINESS, text: 'hi', signing: 'tampered-body' });

      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      expect(verifySignature(bearer(inbound), TEST_CREDENTIALS.signatureSecret)).toBe(true);
      expect(claimsOf(bearer(inbound)).payload_hash).not.toBe(sha256(inbound.body));
      expect(json(inbound).text).toBe('hi [tampered]');
    });

    it('issues the token two days ago for stale', async () => {
      await control('/_sim/sms', { from: CUSTOMER, to: BUSINESS, text: 'hi', signing: 'stale' });

      const inbound = await stub.waitFor((request) => request.path === '/inbound');
      const claims = claimsOf(bearer(inbound));
      expect(verifySignature(bearer(inbound), TEST_CREDENTIALS.signatureSecret)).toBe(true);
      expect(claims.payload_hash).toBe(sha256(inbound.body));
      expect(Date.now() / 1000 - (claims.iat as number)).toBeGreaterThan(2 * 24 * 3600 - 60);
    });

    it('delivers the same webhook twice when asked for a duplicate', async () => {
      await control('/_sim/sms', { from: CUSTOMER, to: BUSINESS, text: 'hi', duplicate: true });

      await stub.waitFor((request) => request.path === '/inbound' && stub.requests.filter((other) => other.path === '/inbound').length === 2);
      const [first, second] = stub.requests.filter((request) => request.path === '/inbound');
      expect(second?.body).toBe(first?.body);
      expect(bearer(second!)).not.toBe(bearer(first!));
    });

    it('retries a 503 and records the delivery state in the conversation', async () => {
      let calls = 0;
      stub.handle('/inbound', () => {
        calls += 1;
        return { status: calls === 1 ? 503 : 204 };
      });

      const record = simulator.injectInboundSms({ from: CUSTOMER, to: BUSINESS, text: 'hi' });
      await simulator.state.waitFor(() => (record.delivery === 'acknowledged' ? record : undefined));

      expect(stub.requests.filter((request) => request.path === '/inbound')).toHaveLength(2);
      expect(simulator.state.conversation(CUSTOMER)[0]).toMatchObject({ direction: 'inbound', status: 'acknowledged' });
    });

    it('refuses a control request with a bad number', async () => {
      const response = await control('/_sim/sms', { from: '+1', to: BUSINESS, text: 'hi' });

      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ invalid_parameters: [{ name: 'from' }] });
    });
  });

  it('keeps each customer conversation in both directions with statuses', async () => {
    simulator.injectInboundSms({ from: CUSTOMER, to: BUSINESS, text: 'Hi, is anyone there?' });
    await stub.waitFor((request) => request.path === '/inbound');
    const { messageUUID } = await send('Yes, how can we help?');
    await stub.waitFor((request) => json(request).message_uuid === messageUUID && json(request).status === 'delivered');

    const response = await fetch(`${simulator.url}/_sim/phones/${CUSTOMER}/messages`);
    const { messages } = (await response.json()) as { messages: Array<Record<string, unknown>> };

    expect(messages.map((message) => [message.direction, message.text, message.status])).toEqual([
      ['inbound', 'Hi, is anyone there?', 'acknowledged'],
      ['outbound', 'Yes, how can we help?', 'delivered'],
    ]);
    const state = (await (await fetch(`${simulator.url}/_sim/state`)).json()) as Record<string, unknown[]>;
    expect(state.messages).toHaveLength(1);
    expect(state.webhooks?.length).toBeGreaterThanOrEqual(3);
  });
});
