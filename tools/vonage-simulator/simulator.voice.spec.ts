import { createHash } from 'node:crypto';
import { verifySignature } from '@vonage/jwt';
import { Vonage } from '@vonage/server-sdk';
import { NCCOBuilder, Talk } from '@vonage/voice';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGatewayStub, startTestSimulator, TEST_CREDENTIALS, testKeys, type GatewayStub, type StubRequest } from './gateway-stub.fixture.ts';
import type { CallRecord, RunningSimulator } from './simulator.ts';

const CUSTOMER = '15551234567';
const BUSINESS = '15557654321';
const PROMPT = 'Thanks for calling. All agents are busy. Press 1 at any time to leave the queue and continue by text message.';

function json(request: StubRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

function claimsOf(request: StubRequest): Record<string, unknown> {
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
  expect(verifySignature(token, TEST_CREDENTIALS.signatureSecret)).toBe(true);
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function eventStatuses(stub: GatewayStub, uuid: string): unknown[] {
  return stub.requests.filter((request) => request.path === '/voice/event' && json(request).uuid === uuid).map((request) => json(request).status);
}

function played(call: CallRecord, action: string): Array<Record<string, unknown>> {
  return call.log.filter((entry) => entry.action === action).map((entry) => entry.detail);
}

describe('voice calls', () => {
  let stub: GatewayStub;
  let simulator: RunningSimulator;
  let vonage: Vonage;

  const queueNcco = (): unknown[] => [
    { action: 'talk', text: PROMPT, bargeIn: true },
    { action: 'input', type: ['dtmf'], dtmf: { maxDigits: 1, timeOut: 10 }, eventUrl: [`${stub.url}/voice/queue-input`] },
  ];
  const placeCall = async (): Promise<string> => {
    const response = await fetch(`${simulator.url}/_sim/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: CUSTOMER, to: BUSINESS }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { uuid: string }).uuid;
  };
  const press = async (uuid: string, digits: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${simulator.url}/_sim/calls/${uuid}/dtmf`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ digits }),
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const ended = (uuid: string): Promise<CallRecord> =>
    simulator.state.waitForCall(uuid, (call) => call.status === 'completed' || call.status === 'failed', 5000);

  beforeEach(async () => {
    stub = await startGatewayStub();
    simulator = await startTestSimulator(stub, { timeScale: 0.05 });
    vonage = new Vonage({ applicationId: TEST_CREDENTIALS.applicationId, privateKey: testKeys().privateKeyPem }, { apiHost: simulator.url });
    stub.handle('/voice/answer', () => ({ json: queueNcco() }));
  });
  afterEach(async () => {
    await simulator.stop();
    await stub.close();
  });

  it('plays the answer NCCO, takes DTMF 1, posts the input result, applies the returned NCCO and completes', async () => {
    stub.handle('/voice/queue-input', (request) =>
      (json(request).dtmf as { digits: string }).digits === '1'
        ? { json: [{ action: 'talk', text: 'Okay. We have sent you a text message. Goodbye.' }] }
        : { json: [] },
    );

    const uuid = await placeCall();
    await simulator.state.waitForCall(uuid, (call) => call.awaitingInput);
    expect(await press(uuid, '1')).toMatchObject({ handledBy: ['input'] });
    const call = await ended(uuid);

    const answer = await stub.waitFor((request) => request.path === '/voice/answer');
    expect(answer.method).toBe('GET');
    expect([...answer.query.keys()]).toEqual(['to', 'from', 'uuid', 'conversation_uuid']);
    expect(Object.fromEntries(answer.query)).toEqual({ to: BUSINESS, from: CUSTOMER, uuid, conversation_uuid: call.conversationUuid });
    expect(claimsOf(answer).payload_hash).toBe(sha256(JSON.stringify(Object.fromEntries(answer.query))));

    const input = await stub.waitFor((request) => request.path === '/voice/queue-input');
    expect(json(input)).toEqual({
      speech: { results: [] },
      dtmf: { digits: '1', timed_out: false },
      from: CUSTOMER,
      to: BUSINESS,
      uuid,
      conversation_uuid: call.conversationUuid,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
    });
    expect(claimsOf(input).payload_hash).toBe(sha256(input.body));

    expect(call).toMatchObject({ status: 'completed', endReason: 'ncco-finished', direction: 'inbound', from: CUSTOMER, to: BUSINESS });
    expect(played(call, 'talk').map((detail) => detail.text)).toEqual([PROMPT, 'Okay. We have sent you a text message. Goodbye.']);
    expect(played(call, 'input')).toEqual([expect.objectContaining({ digits: '1', timed_out: false, replacedNcco: true })]);

    await stub.waitFor((request) => request.path === '/voice/event' && json(request).status === 'completed');
    expect(eventStatuses(stub, uuid)).toEqual(['started', 'ringing', 'answered', 'completed']);
    const completed = json(stub.requests.find((request) => request.path === '/voice/event' && json(request).status === 'completed')!);
    expect(completed).toMatchObject({
      uuid,
      conversation_uuid: call.conversationUuid,
      direction: 'inbound',
      from: CUSTOMER,
      to: BUSINESS,
      start_time: call.answeredAt,
      end_time: call.endedAt,
      duration: expect.stringMatching(/^\d+$/) as unknown,
      network: '23410',
    });

    const fromApi = (await (await fetch(`${simulator.url}/_sim/calls/${uuid}`)).json()) as CallRecord;
    expect(fromApi.log.filter((entry) => entry.action === 'talk')).toHaveLength(2);
  });

  it('lets a digit barge in on a talk and hands it to the following input', async () => {
    stub.handle('/voice/queue-input', () => ({ json: [] }));

    const uuid = await placeCall();
    const playing = await simulator.state.waitForCall(uuid, (call) => call.currentAction === 'talk');
    expect(playing.playing).toEqual({ action: 'talk', text: PROMPT });
    expect(await press(uuid, '1')).toMatchObject({ handledBy: ['barge-in'] });
    const call = await ended(uuid);

    expect(played(call, 'talk')[0]).toMatchObject({ outcome: 'barged-in' });
    expect(played(call, 'input')[0]).toMatchObject({ digits: '1', timed_out: false });
  });

  it('posts an empty, timed-out result when nothing is pressed, and carries on when the reply is empty', async () => {
    stub.handle('/voice/queue-input', () => ({ status: 204 }));

    const uuid = await placeCall();
    const call = await ended(uuid);

    const input = await stub.waitFor((request) => request.path === '/voice/queue-input');
    expect(json(input).dtmf).toEqual({ digits: '', timed_out: true });
    expect(call).toMatchObject({ status: 'completed', endReason: 'ncco-finished' });
  });

  it('ignores digits pressed while a talk without barge-in plays', async () => {
    stub.handle('/voice/answer', () => ({ json: [{ action: 'talk', text: PROMPT }] }));

    const uuid = await placeCall();
    await simulator.state.waitForCall(uuid, (call) => call.currentAction === 'talk');

    expect(await press(uuid, '5')).toMatchObject({ handledBy: ['ignored'] });
    expect((await ended(uuid)).log.find((entry) => entry.action === 'talk')?.detail.outcome).toBe('finished');
  });

  it('tries the answer URL twice, then the fallback twice, then ends the call', async () => {
    await simulator.stop();
    simulator = await startTestSimulator(stub, {
      timeScale: 0.05,
      webhooks: {
        inboundUrl: `${stub.url}/inbound`,
        statusUrl: `${stub.url}/status`,
        voiceAnswerUrl: `${stub.url}/voice/answer`,
        voiceEventUrl: `${stub.url}/voice/event`,
        voiceFallbackAnswerUrl: `${stub.url}/voice/fallback`,
      },
    });
    stub.handle('/voice/answer', () => ({ status: 503 }));
    stub.handle('/voice/fallback', () => ({ status: 500 }));

    const uuid = await placeCall();
    const call = await ended(uuid);

    const answers = simulator.state.webhooks.filter((attempt) => attempt.kind === 'voice-answer');
    expect(answers.map((attempt) => [new URL(attempt.url).pathname, attempt.attempt, attempt.statusCode])).toEqual([
      ['/voice/answer', 1, 503],
      ['/voice/answer', 2, 503],
      ['/voice/fallback', 3, 500],
      ['/voice/fallback', 4, 500],
    ]);
    expect(call).toMatchObject({ status: 'failed', endReason: 'answer-failed' });
    await stub.waitFor((request) => request.path === '/voice/event' && json(request).status === 'failed');
    expect(eventStatuses(stub, uuid)).toEqual(['started', 'ringing', 'failed']);
  });

  it('reports an invalid NCCO on the event URL and ends the call', async () => {
    stub.handle('/voice/answer', () => ({ json: [{ action: 'dance' }] }));

    const uuid = await placeCall();
    await ended(uuid);

    const error = await stub.waitFor((request) => request.path === '/voice/event' && typeof json(request).reason === 'string');
    expect(json(error).reason).toContain('dance');
  });

  it('replaces a running NCCO on a transfer from the SDK', async () => {
    stub.handle('/voice/answer', () => ({ json: [{ action: 'conversation', name: 'queue-1', musicOnHoldUrl: ['https://example.com/hold.mp3'] }] }));

    const uuid = await placeCall();
    await simulator.state.waitForCall(uuid, (call) => call.currentAction === 'conversation');
    await vonage.voice.transferCallWithNCCO(uuid, new NCCOBuilder().addAction(new Talk('Connecting you now.')).build());
    const call = await ended(uuid);

    expect(played(call, 'conversation').map((detail) => detail.state)).toEqual(['joined', 'left']);
    expect(played(call, 'talk').map((detail) => detail.text)).toEqual(['Connecting you now.']);
    expect(call.log.find((entry) => entry.action === 'transfer')?.detail.ncco).toEqual([{ action: 'talk', text: 'Connecting you now.' }]);
  });

  it('ends the call on an SDK hangup and refuses Basic credentials on the Voice API', async () => {
    stub.handle('/voice/answer', () => ({ json: [{ action: 'conversation', name: 'queue-1' }] }));
    const uuid = await placeCall();
    await simulator.state.waitForCall(uuid, (call) => call.currentAction === 'conversation');

    const basic = `Basic ${Buffer.from(`${TEST_CREDENTIALS.apiKey}:${TEST_CREDENTIALS.apiSecret}`).toString('base64')}`;
    const refused = await fetch(`${simulator.url}/v1/calls/${uuid}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify({ action: 'hangup' }),
    });
    expect(refused.status).toBe(401);

    await vonage.voice.hangupCall(uuid);
    const call = await ended(uuid);

    expect(call).toMatchObject({ status: 'completed', endReason: 'api-hangup' });
    await stub.waitFor((request) => request.path === '/voice/event' && json(request).status === 'completed');
  });

  it('ends the call when the caller hangs up', async () => {
    stub.handle('/voice/answer', () => ({ json: [{ action: 'stream', streamUrl: ['https://example.com/hold.mp3'], loop: 0 }] }));
    const uuid = await placeCall();
    await simulator.state.waitForCall(uuid, (call) => call.currentAction === 'stream');

    const response = await fetch(`${simulator.url}/_sim/calls/${uuid}/hangup`, { method: 'POST' });
    const call = await ended(uuid);

    expect(response.status).toBe(202);
    expect(call).toMatchObject({ status: 'completed', endReason: 'caller-hangup' });
    expect(played(call, 'stream')[0]).toMatchObject({ streamUrl: 'https://example.com/hold.mp3', outcome: 'interrupted' });
  });

  it('runs an outbound call created through the SDK', async () => {
    const result = await vonage.voice.createOutboundCall({
      to: [{ type: 'phone', number: CUSTOMER }],
      from: { type: 'phone', number: BUSINESS },
      ncco: new NCCOBuilder().addAction(new Talk('Your order has shipped.')).build(),
      eventUrl: [`${stub.url}/outbound-events`],
    });

    expect(result).toMatchObject({ status: 'started', direction: 'outbound' });
    const call = await ended(result.uuid);
    expect(call).toMatchObject({ direction: 'outbound', from: BUSINESS, to: CUSTOMER, status: 'completed' });
    await stub.waitFor((request) => request.path === '/outbound-events' && json(request).status === 'completed');
  });

  it('answers 404 for an unknown call', async () => {
    expect((await fetch(`${simulator.url}/_sim/calls/nope`)).status).toBe(404);
    expect((await fetch(`${simulator.url}/_sim/calls/nope/dtmf`, { method: 'POST', body: '{"digits":"1"}' })).status).toBe(404);
  });
});
