import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayStub, startTestSimulator, type GatewayStub } from './gateway-stub.fixture.ts';
import type { RunningSimulator } from './simulator.ts';

describe('control API and phone page', () => {
  let stub: GatewayStub;
  let simulator: RunningSimulator;

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    stub = await startGatewayStub();
    simulator = await startTestSimulator(stub);
  });
  afterAll(async () => {
    await simulator.stop();
    await stub.close();
  });

  it.each(['/', '/_sim/phone'])('serves the phone page at %s with stable test ids', async (path) => {
    const response = await fetch(`${simulator.url}${path}`);
    const html = await response.text();

    expect(response.headers.get('content-type')).toContain('text/html');
    for (const id of ['customer-number', 'business-number', 'thread', 'compose-text', 'send-button', 'call-button', 'hangup-button', 'call-status', 'dtmf-1', 'dtmf-hash']) {
      expect(html).toContain(`data-testid="${id}"`);
    }
  });

  it('lists, adds and clears forced outcomes', async () => {
    const created = await post('/_sim/outcomes', { outcome: 'undeliverable', to: '447700900001', count: 2 });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ outcome: 'undeliverable', to: '447700900001', remaining: 2, errorCode: 1260 });

    expect(((await (await fetch(`${simulator.url}/_sim/outcomes`)).json()) as unknown[]).length).toBe(1);
    expect((await fetch(`${simulator.url}/_sim/outcomes`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${simulator.url}/_sim/outcomes`)).json()).toEqual([]);
  });

  it('refuses an unknown outcome with 422 problem JSON', async () => {
    const response = await post('/_sim/outcomes', { outcome: 'exploded' });

    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 404 problem JSON for unknown routes and 405 for a wrong verb', async () => {
    expect((await fetch(`${simulator.url}/v2/nothing`)).status).toBe(404);
    expect((await fetch(`${simulator.url}/v1/messages`)).status).toBe(405);
  });

  it('forgets everything on reset', async () => {
    simulator.injectInboundSms({ from: '447700900001', to: '447700900000', text: 'hi' });
    await stub.waitFor((request) => request.path === '/inbound');

    expect((await post('/_sim/reset', {})).status).toBe(204);
    const state = (await (await fetch(`${simulator.url}/_sim/state`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ messages: [], inbound: [], calls: [], conversations: {}, outcomes: [] });
  });

  it('reports health', async () => {
    expect(await (await fetch(`${simulator.url}/_sim/health`)).json()).toEqual({ status: 'ok' });
  });
});
