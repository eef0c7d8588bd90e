import { randomUUID } from 'node:crypto';
import { smsOutboundRequested } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import type { RunningSimulator } from '@parley/vonage-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../apps/gateway/src/local/local-credentials.ts';
import { callGatewayAdmin, startPlatform, startPlatformSimulator, tenantConversationEvents, type RunningPlatform } from './support/platform-processes.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

const BUSINESS = `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
const CUSTOMER = `+4477009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
const PROMPT = 'Thanks for texting Acme! Reply 1 for sales or 2 for support.';

describe('the front door through the running platform', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  let simulator: RunningSimulator;
  let platform: RunningPlatform;
  let tenantId: string;
  let numberId: string;

  const gateway = (path: string, method = 'GET', body?: unknown) => callGatewayAdmin(platform, secrets.adminToken, path, method, body);

  const log = () => tenantConversationEvents(kafka, tenantId);

  const phoneGets = (text: string) => simulator.state.waitForMessage((message) => message.to === CUSTOMER.slice(1) && message.text === text, 30_000);

  /** What an agent's reply becomes once the desk sends it: a request the compliance filter screens. */
  async function agentReply(conversationId: string, text: string): Promise<string> {
    const messageId = `msg_${randomUUID()}`;
    const event = buildEvent(
      smsOutboundRequested,
      {
        messageId,
        businessNumber: BUSINESS,
        customerNumber: CUSTOMER,
        text,
        requestedBy: { kind: 'agent', agentId: 'agent_0123456789' },
        requestedAt: new Date().toISOString(),
      },
      { tenantId, conversationId, producer: 'gateway' },
    );
    await kafka.produce('sms.outbound.requested', [{ key: conversationId, value: JSON.stringify(event) }]);
    return messageId;
  }

  beforeAll(async () => {
    await kafka.connect();
    simulator = await startPlatformSimulator(secrets);
    platform = await startPlatform({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: simulator.url, logLevel: 'warn' });
    const tenant = (await (await gateway('/admin/tenants', 'POST', { slug: `door-${randomUUID().slice(0, 8)}`, name: 'Acme' })).json()) as { id: string };
    tenantId = tenant.id;
    const number = (await (await gateway(`/admin/tenants/${tenantId}/numbers`, 'POST', { e164: BUSINESS, label: 'Front desk' })).json()) as { id: string };
    numberId = number.id;
  });

  afterAll(async () => {
    await platform.stop();
    await simulator.stop();
    await kafka.disconnect();
  });

  it('configures the front door through the gateway, and walls it per tenant', async () => {
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
    expect((await gateway(`/admin/tenants/${tenantId}/numbers/${numberId}/front-door`, 'PUT', { businessName: 'Acme', menuId: 'main' })).status).toBe(200);
    expect(((await (await gateway(`/admin/tenants/${tenantId}/menus/main`)).json()) as { version: number }).version).toBe(1);
    const cyclic = { ...menu, nodes: [{ ...menu.nodes[0], options: [{ key: '1', label: 'Again', keywords: [], action: { type: 'menu', nodeId: 'root' } }] }] };
    const refused = await gateway(`/admin/tenants/${tenantId}/menus/cyclic`, 'PUT', cyclic);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const other = (await (await gateway('/admin/tenants', 'POST', { slug: `other-${randomUUID().slice(0, 8)}`, name: 'Other' })).json()) as { id: string };
    expect((await gateway(`/admin/tenants/${other.id}/numbers/${numberId}/front-door`, 'PUT', { businessName: 'Other' })).status).toBe(404);
    expect((await gateway(`/admin/tenants/ten_doesnotexist00/menus`)).status).toBe(404);
  });

  it('greets a texting customer with the menu, queues their choice, and after STOP the sender refuses an agent reply until START', async () => {
    simulator.injectInboundSms({ from: CUSTOMER.slice(1), to: BUSINESS.slice(1), text: 'Hello!' });
    await phoneGets(PROMPT);
    simulator.injectInboundSms({ from: CUSTOMER.slice(1), to: BUSINESS.slice(1), text: 'suport' });
    const queued = await waitFor('the conversation queued', async () => (await log()).find((event) => event.type === 'conversation.queued'), { timeoutMs: 30_000, intervalMs: 300 });
    expect(queued.payload).toMatchObject({ queue: 'support', reason: 'menu' });
    const conversationId = queued.conversationId ?? '';

    const beforeStop = await agentReply(conversationId, 'Hi, this is Dana from support. How can I help?');
    await simulator.state.waitForMessage((message) => message.clientRef === beforeStop, 30_000);

    simulator.injectInboundSms({ from: CUSTOMER.slice(1), to: BUSINESS.slice(1), text: 'STOP' });
    await phoneGets('Acme: you are unsubscribed and will get no more messages from us. Reply START to resubscribe.');
    const refused = await agentReply(conversationId, 'Are you still there?');
    const failed = await waitFor(
      'the refused reply',
      async () => (await log()).find((event) => event.type === 'conversation.message.failed' && event.payload['messageId'] === refused),
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(failed.payload).toMatchObject({ reason: 'recipient-opted-out' });
    expect(simulator.state.messages.some((message) => message.clientRef === refused)).toBe(false);

    simulator.injectInboundSms({ from: CUSTOMER.slice(1), to: BUSINESS.slice(1), text: 'START' });
    await phoneGets('Acme: you are subscribed again. Reply HELP for help, STOP to opt out.');
    // The gateway applies the opt-in from the consent topic; a reply after that goes out again.
    const afterStart = await waitFor(
      'a reply to reach the customer again',
      async () => {
        const messageId = await agentReply(conversationId, 'Welcome back!');
        return simulator.state
          .waitForMessage((message) => message.clientRef === messageId, 3_000)
          .then(() => messageId)
          .catch(() => undefined);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(afterStart).toMatch(/^msg_/);
  });
});
