import { randomUUID } from 'node:crypto';
import { agentAcceptRequested, agentCloseRequested, agentPresenceRequested, smsOutboundRequested, type EventDefinition, type PayloadOf } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import type { RunningSimulator } from '@parley/vonage-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../apps/gateway/src/local/local-credentials.ts';
import { callGatewayAdmin, startPlatform, startPlatformSimulator, tenantConversationEvents, type ConversationEnvelope, type RunningPlatform } from './support/platform-processes.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

const BUSINESS = `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
const CUSTOMER = `+4477009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
const PROMPT = 'Thanks for texting Acme! Reply 1 for sales or 2 for support.';
const AGENT = 'agent_e2e_dana';

/** A customer texts, chooses support, an agent gets the offer, accepts, answers and closes; the customer comes back to her. */
describe('routing through the running platform', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  let simulator: RunningSimulator;
  let platform: RunningPlatform;
  let tenantId: string;

  const gateway = (path: string, method = 'GET', body?: unknown) => callGatewayAdmin(platform, secrets.adminToken, path, method, body);

  const log = () => tenantConversationEvents(kafka, tenantId);

  const find = (what: string, predicate: (event: ConversationEnvelope) => boolean) =>
    waitFor(what, async () => (await log()).find(predicate), { timeoutMs: 30_000, intervalMs: 300 });

  /** What the desk's actions become once the gateway has them: commands on agent.commands. */
  async function command<TDefinition extends EventDefinition>(definition: TDefinition, payload: PayloadOf<TDefinition>, conversationId?: string): Promise<void> {
    const event = buildEvent(definition, payload, { tenantId, producer: 'gateway', ...(conversationId ? { conversationId } : {}) });
    await kafka.produce('agent.commands', [{ key: AGENT, value: JSON.stringify(event) }]);
  }

  const text = (body: string) => simulator.injectInboundSms({ from: CUSTOMER.slice(1), to: BUSINESS.slice(1), text: body });
  const phoneGets = (body: string) => simulator.state.waitForMessage((message) => message.to === CUSTOMER.slice(1) && message.text === body, 30_000);

  beforeAll(async () => {
    await kafka.connect();
    simulator = await startPlatformSimulator(secrets);
    platform = await startPlatform({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: simulator.url, logLevel: 'warn' });
    const tenant = (await (await gateway('/admin/tenants', 'POST', { slug: `route-${randomUUID().slice(0, 8)}`, name: 'Acme' })).json()) as { id: string };
    tenantId = tenant.id;
    const number = (await (await gateway(`/admin/tenants/${tenantId}/numbers`, 'POST', { e164: BUSINESS, label: 'Front desk' })).json()) as { id: string };
    const menu = {
      name: 'Main',
      rootNodeId: 'root',
      fallbackQueue: 'support',
      nodes: [
        {
          id: 'root',
          prompt: PROMPT,
          options: [
            { key: '1', label: 'Sales', keywords: ['sales'], action: { type: 'queue', queue: 'sales' } },
            { key: '2', label: 'Support', keywords: ['support'], action: { type: 'queue', queue: 'support' } },
          ],
        },
      ],
    };
    expect((await gateway(`/admin/tenants/${tenantId}/menus/main`, 'PUT', menu)).status).toBe(200);
    expect((await gateway(`/admin/tenants/${tenantId}/numbers/${number.id}/front-door`, 'PUT', { businessName: 'Acme', menuId: 'main' })).status).toBe(200);
    for (const queue of ['sales', 'support']) {
      expect((await gateway(`/admin/tenants/${tenantId}/queues/${queue}`, 'PUT', { priority: 0, serviceLevelSeconds: 60 })).status).toBe(200);
    }
    expect((await gateway(`/admin/tenants/${tenantId}/routing-settings`, 'PUT', { dispositions: ['resolved', 'follow-up'] })).status).toBe(200);
    expect((await gateway(`/admin/tenants/${tenantId}/agents/${AGENT}`, 'PUT', { displayName: 'Dana', queues: ['support'], capacity: 2 })).status).toBe(200);
  });

  afterAll(async () => {
    await platform.stop();
    await simulator.stop();
    await kafka.disconnect();
  });

  it('configures routing through the gateway, walled per tenant', async () => {
    expect((await gateway('/admin/tenants/ten_doesnotexist00/live')).status).toBe(404);
    expect((await gateway('/admin/tenants/ten_doesnotexist00/agents')).status).toBe(404);
    const agents = (await (await gateway(`/admin/tenants/${tenantId}/agents`)).json()) as { agents: Array<Record<string, unknown>> };
    expect(agents.agents).toEqual([expect.objectContaining({ agentId: AGENT, presence: 'offline', capacity: 2 })]);
  });

  it('offers the queued conversation to the agent, who accepts, answers and closes; the customer comes back to her', async () => {
    await command(agentPresenceRequested, { agentId: AGENT, presence: 'available', requestedAt: new Date().toISOString() });
    text('Hello, my crown came off');
    await phoneGets(PROMPT);
    text('2');
    const offer = await find('the offer', (event) => event.type === 'conversation.offered');
    expect(offer.payload).toMatchObject({ agentId: AGENT, queue: 'support', reason: 'longest-idle' });
    const conversationId = offer.conversationId ?? '';

    await command(agentAcceptRequested, { agentId: AGENT, offerId: String(offer.payload['offerId']), requestedAt: new Date().toISOString() }, conversationId);
    await find('the assignment', (event) => event.type === 'conversation.assigned' && event.conversationId === conversationId);
    const live = (await (await gateway(`/admin/tenants/${tenantId}/live`)).json()) as { agents: Array<Record<string, unknown>>; queues: Array<Record<string, unknown>> };
    expect(live.agents.find((agent) => agent['agentId'] === AGENT)).toMatchObject({ presence: 'available', conversations: 1, load: 1 });
    expect(live.queues.find((queue) => queue['queue'] === 'support')).toMatchObject({ waiting: 0, assigned: 1 });

    const reply = buildEvent(
      smsOutboundRequested,
      {
        messageId: `msg_${randomUUID()}`,
        businessNumber: BUSINESS,
        customerNumber: CUSTOMER,
        text: 'Hi, this is Dana. We can see you at 3pm today.',
        requestedBy: { kind: 'agent', agentId: AGENT },
        requestedAt: new Date().toISOString(),
      },
      { tenantId, conversationId, producer: 'gateway' },
    );
    await kafka.produce('sms.outbound.requested', [{ key: conversationId, value: JSON.stringify(reply) }]);
    await phoneGets('Hi, this is Dana. We can see you at 3pm today.');

    await command(agentCloseRequested, { agentId: AGENT, disposition: 'resolved', requestedAt: new Date().toISOString() }, conversationId);
    await find('the close', (event) => event.type === 'conversation.closed' && event.conversationId === conversationId);

    // The front door closed its side too: the next text starts a new conversation, which goes to Dana first.
    const again = await waitFor(
      'a second conversation',
      async () => {
        text('Sorry, one more question');
        return waitFor('started', async () => (await log()).find((event) => event.type === 'conversation.started' && event.conversationId !== conversationId), { timeoutMs: 5_000, intervalMs: 300 }).catch(() => undefined);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    text('2');
    const sticky = await find('the returning offer', (event) => event.type === 'conversation.offered' && event.conversationId === again.conversationId);
    expect(sticky.payload).toMatchObject({ agentId: AGENT, reason: 'preferred-agent' });

    // The archive holds the first conversation end to end, verifiably, and records who read it.
    const transcript = await waitFor(
      'the archived transcript',
      async () => {
        const response = await fetch(`${platform.url('gateway')}/admin/tenants/${tenantId}/archive/conversations/${conversationId}/transcript`, {
          headers: { authorization: `Bearer ${secrets.adminToken}`, 'x-parley-reader': 'usr_supervisor_01' },
        });
        const body = (await response.json()) as { records?: Array<{ eventType: string; text: string | null }> };
        return body.records?.some((record) => record.eventType === 'conversation.closed') ? body.records : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(transcript.map((record) => record.eventType)).toEqual(expect.arrayContaining(['conversation.started', 'conversation.queued', 'conversation.offered', 'conversation.assigned', 'conversation.closed']));
    expect(transcript.some((record) => record.text === 'Hi, this is Dana. We can see you at 3pm today.')).toBe(true);
    const verified = (await (await gateway(`/admin/tenants/${tenantId}/archive/conversations/${conversationId}/verify`)).json()) as { ok: boolean };
    expect(verified.ok).toBe(true);
    const views = (await (await gateway(`/admin/tenants/${tenantId}/archive/views?conversationId=${conversationId}`)).json()) as { views: Array<{ reader: string }> };
    expect(views.views.map((view) => view.reader)).toContain('usr_supervisor_01');
  });
});
