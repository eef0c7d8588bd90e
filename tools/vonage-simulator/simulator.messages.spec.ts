import { randomUUID, sign } from 'node:crypto';
import { SMS } from '@vonage/messages';
import { Vonage } from '@vonage/server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateTestKeys, sms, startGatewayStub, startTestSimulator, TEST_CREDENTIALS, testKeys, type GatewayStub } from './gateway-stub.fixture.ts';
import type { RunningSimulator } from './simulator.ts';

function rs256(claims: Record<string, unknown>, privateKeyPem: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${body}`), privateKeyPem).toString('base64url');
  return `${header}.${body}.${signature}`;
}

/** The SDK throws a VetchError whose `response` is the unread fetch Response. */
async function rejection(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: unknown }).response;
    if (response instanceof Response) {
      return response;
    }
    throw error;
  }
  throw new Error('expected the SDK call to fail');
}

function smsBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { message_type: 'text', channel: 'sms', to: '447700900001', from: '447700900000', text: 'Hello', ...overrides };
}

describe('POST /v1/messages', () => {
  let stub: GatewayStub;
  let simulator: RunningSimulator;
  let vonage: Vonage;

  const post = (body: unknown, authorization: string | undefined): Promise<Response> =>
    fetch(`${simulator.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const basic = `Basic ${Buffer.from(`${TEST_CREDENTIALS.apiKey}:${TEST_CREDENTIALS.apiSecret}`).toString('base64')}`;

  beforeAll(async () => {
    stub = await startGatewayStub();
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeAll(async () => {
    simulator = await startTestSimulator(stub, { rateLimitPerSecond: 1000 });
    vonage = new Vonage({ applicationId: TEST_CREDENTIALS.applicationId, privateKey: testKeys().privateKeyPem }, { apiHost: simulator.url });
  });
  afterAll(async () => {
    await simulator.stop();
  });
  afterEach(() => {
    simulator.state.reset();
  });

  it('accepts an SMS sent by the real SDK with an application JWT', async () => {
    const result = await vonage.messages.send(
      new SMS({ channel: 'sms', messageType: 'text', to: '447700900001', from: '447700900000', text: 'Your table is ready', clientRef: 'conv-123' }),
    );

    expect(result.messageUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const message = simulator.state.message(result.messageUUID);
    expect(message).toMatchObject({
      to: '447700900001',
      from: '447700900000',
      text: 'Your table is ready',
      clientRef: 'conv-123',
      auth: 'jwt',
      encoding: 'text',
      segments: 1,
      status: 'accepted',
    });
    expect(message?.requestBody).toMatchObject({ channel: 'sms', message_type: 'text', client_ref: 'conv-123' });
    expect(message?.requestHeaders.authorization).toBe('Bearer');
  });

  it('answers 202 with application/json, X-Request-Id and a message_uuid', async () => {
    const response = await post(smsBody(), basic);

    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys((await response.json()) as object)).toEqual(['message_uuid']);
  });

  it('accepts Basic api key and secret, as the SDK sends without application credentials', async () => {
    const basicClient = new Vonage({ apiKey: TEST_CREDENTIALS.apiKey, apiSecret: TEST_CREDENTIALS.apiSecret }, { apiHost: simulator.url });

    const result = await basicClient.messages.send(sms({ to: '447700900001', from: '447700900000', text: 'Hi' }));

    expect(simulator.state.message(result.messageUUID)?.auth).toBe('basic');
  });

  it('computes the encoding and segment count of the text', async () => {
    const unicode = await vonage.messages.send(sms({ to: '447700900001', from: '447700900000', text: 'ш'.repeat(71) }));
    const long = await vonage.messages.send(sms({ to: '447700900001', from: '447700900000', text: '€'.repeat(81) }));

    expect(simulator.state.message(unicode.messageUUID)).toMatchObject({ encoding: 'unicode', units: 71, segments: 2 });
    expect(simulator.state.message(long.messageUUID)).toMatchObject({ encoding: 'text', units: 162, segments: 2 });
  });

  describe('refuses bad credentials with 401 problem JSON', () => {
    it('for a JWT signed by another key', async () => {
      const stranger = new Vonage({ applicationId: TEST_CREDENTIALS.applicationId, privateKey: generateTestKeys().privateKeyPem }, { apiHost: simulator.url });

      const response = await rejection(stranger.messages.send(sms({ to: '447700900001', from: '447700900000', text: 'Hi' })));

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ title: 'You did not provide correct credentials.' });
      expect(problem.type).toEqual(expect.stringContaining('developer.vonage.com/api-errors'));
      expect(problem.instance).toBe(response.headers.get('x-request-id'));
    });

    it('for a JWT of another application', async () => {
      const otherApp = new Vonage({ applicationId: randomUUID(), privateKey: testKeys().privateKeyPem }, { apiHost: simulator.url });

      const response = await rejection(otherApp.messages.send(sms({ to: '447700900001', from: '447700900000', text: 'Hi' })));

      expect(response.status).toBe(401);
    });

    it('for an expired JWT, with a jwt-expired type', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = rs256({ application_id: TEST_CREDENTIALS.applicationId, iat: now - 1000, exp: now - 100, jti: randomUUID() }, testKeys().privateKeyPem);

      const response = await post(smsBody(), `Bearer ${token}`);

      expect(response.status).toBe(401);
      expect(((await response.json()) as { type: string }).type).toMatch(/#jwt-expired$/);
    });

    it('for a JWT without exp', async () => {
      const token = rs256({ application_id: TEST_CREDENTIALS.applicationId, iat: Math.floor(Date.now() / 1000) }, testKeys().privateKeyPem);

      expect((await post(smsBody(), `Bearer ${token}`)).status).toBe(401);
    });

    it('for a wrong Basic secret, a malformed token and no credentials', async () => {
      const wrongBasic = `Basic ${Buffer.from(`${TEST_CREDENTIALS.apiKey}:nope`).toString('base64')}`;

      expect((await post(smsBody(), wrongBasic)).status).toBe(401);
      expect((await post(smsBody(), 'Bearer not-a-jwt')).status).toBe(401);
      expect((await post(smsBody(), undefined)).status).toBe(401);
      expect(simulator.state.messages).toHaveLength(0);
    });
  });

  describe('validates the body with 422 problem JSON', () => {
    it.each([
      ['invalid JSON', '{"to":', undefined],
      ['an unsupported channel', smsBody({ channel: 'whatsapp' }), undefined],
      ['a message type other than text', smsBody({ message_type: 'image' }), undefined],
      ['a recipient with a plus', smsBody({ to: '+447700900001' }), 'to'],
      ['a recipient that is too short', smsBody({ to: '12345' }), 'to'],
      ['a missing text', smsBody({ text: undefined }), 'text'],
      ['an empty text', smsBody({ text: '' }), 'text'],
      ['a missing from', smsBody({ from: undefined }), 'from'],
      ['a sender that is neither a number nor an alphanumeric ID', smsBody({ from: 'Way-Too-Long-Sender' }), 'from'],
      ['a client_ref over 100 characters', smsBody({ client_ref: 'x'.repeat(101) }), 'client_ref'],
      ['a ttl under 20 seconds', smsBody({ ttl: 10 }), 'ttl'],
      ['an unknown sms.encoding_type', smsBody({ sms: { encoding_type: 'binary' } }), 'sms.encoding_type'],
      ['a webhook_url that is not a URL', smsBody({ webhook_url: 'not a url' }), 'webhook_url'],
      ['a text over 3200 characters', smsBody({ text: 'a'.repeat(3201) }), 'text'],
    ])('for %s', async (_case, body, invalidParameter) => {
      const response = await post(body, basic);

      expect(response.status).toBe(422);
      const problem = (await response.json()) as { type?: string; title?: string; instance?: string; invalid_parameters?: Array<{ name: string }> };
      expect(problem.type).toEqual(expect.stringContaining('https://developer.vonage.com/api-errors'));
      expect(problem.title).toEqual(expect.any(String));
      expect(problem.instance).toEqual(expect.any(String));
      if (invalidParameter) {
        expect(problem.invalid_parameters?.map((parameter) => parameter.name)).toContain(invalidParameter);
      }
      expect(simulator.state.messages).toHaveLength(0);
    });

    it('surfaces as a VetchError whose response body is the problem', async () => {
      const response = await rejection(vonage.messages.send(sms({ to: '+447700900001', from: '447700900000', text: 'Hi' })));

      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ title: 'Invalid recipient' });
    });

    it('accepts an alphanumeric sender and the optional fields at their limits', async () => {
      const response = await post(smsBody({ from: 'Parley', client_ref: 'x'.repeat(100), ttl: 604800, sms: { encoding_type: 'unicode' } }), basic);

      expect(response.status).toBe(202);
      expect(simulator.state.messages[0]).toMatchObject({ from: 'Parley', encoding: 'unicode', ttl: 604800 });
    });
  });

  it('answers a forced 500 and a forced 429 to the next sends only', async () => {
    simulator.forceOutcome({ outcome: 'http-500', count: 1 });
    simulator.forceOutcome({ outcome: 'http-429', to: '447700900009' });

    expect((await post(smsBody(), basic)).status).toBe(500);
    expect((await post(smsBody({ to: '447700900009' }), basic)).status).toBe(429);
    expect((await post(smsBody({ to: '447700900009' }), basic)).status).toBe(202);
  });
});

describe('POST /v1/messages rate limit', () => {
  let stub: GatewayStub;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    stub = await startGatewayStub();
    simulator = await startTestSimulator(stub, { rateLimitPerSecond: 3 });
  });
  afterAll(async () => {
    await simulator.stop();
    await stub.close();
  });

  it('answers 429 with Retry-After and X-RateLimit headers once the bucket is empty', async () => {
    const vonage = new Vonage({ applicationId: TEST_CREDENTIALS.applicationId, privateKey: testKeys().privateKeyPem }, { apiHost: simulator.url });
    const send = (): Promise<{ messageUUID: string }> => vonage.messages.send(sms({ to: '447700900001', from: '447700900000', text: 'Hi' }));

    await send();
    await send();
    await send();
    const response = await rejection(send());

    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(response.headers.get('x-ratelimit-limit')).toBe('3');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(await response.json()).toMatchObject({ title: 'Throttled' });
    expect(simulator.state.messages).toHaveLength(3);
  });
});
