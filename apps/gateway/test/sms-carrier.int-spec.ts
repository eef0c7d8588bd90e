import { randomUUID } from 'node:crypto';
import { outboundMessageApproved } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVonageSimulator, type RunningSimulator } from '@parley/vonage-simulator';
import { generateLocalSecrets, simulatorAccountFor } from '../src/local/local-credentials.ts';
import { eventsMentioning, fictionalNumber, settledEventsMentioning, freePort, provisionTenant, startGateway, type RunningGateway } from './gateway-harness.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

describe('SMS through the real Vonage SDK and the simulator', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  const sql = new pg.Client({ connectionString: databaseUrl });
  let simulator: RunningSimulator;
  let gateway: RunningGateway;
  let business: string;
  let tenantId: string;

  async function approve(customer: string, text: string, options: { messageId?: string; eventId?: string } = {}) {
    const conversationId = `conv_${randomUUID()}`;
    const event = buildEvent(
      outboundMessageApproved,
      {
        messageId: options.messageId ?? `msg_${randomUUID()}`,
        businessNumber: business,
        customerNumber: customer,
        text,
        approvedAt: new Date().toISOString(),
      },
      { tenantId, conversationId, producer: 'compliance-filter', ...(options.eventId ? { eventId: options.eventId } : {}) },
    );
    await kafka.produce('conversation.events', [{ key: conversationId, value: JSON.stringify(event) }]);
    return event;
  }

  beforeAll(async () => {
    await Promise.all([kafka.connect(), sql.connect()]);
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    simulator = await startVonageSimulator({
      ...simulatorAccountFor(secrets, gatewayUrl),
      retry: { initialMs: 50, maxMs: 500, giveUpAfterMs: 20_000 },
      statusDelayMs: 20,
    });
    gateway = await startGateway({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: simulator.url, port });
    business = fictionalNumber();
    ({ tenantId } = await provisionTenant(gateway, { e164: business }));
    await waitFor('the sender to join its group', async () => (await fetch(`${gateway.url}/readyz`)).status === 200, { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await gateway.stop();
    await simulator.stop();
    await Promise.all([kafka.disconnect(), sql.end()]);
  });

  it('takes a customer text from the simulator onto the raw topic', async () => {
    const sent = simulator.injectInboundSms({ from: '447700900777', to: business.slice(1), text: 'Is Saturday free?' });
    const events = await waitFor('the inbound event', async () => {
      const found = await eventsMentioning(kafka, 'sms.inbound.raw', sent.messageUuid);
      return found.length > 0 ? found : undefined;
    });
    expect(events[0]).toMatchObject({ type: 'sms.inbound.received', payload: { customerNumber: '+447700900777', text: 'Is Saturday free?' } });
    const attempts = simulator.state.webhooks.filter((attempt) => attempt.kind === 'inbound' && attempt.body.includes(sent.messageUuid));
    expect(attempts.map((attempt) => attempt.statusCode)).toEqual([200]);
  });

  it('publishes one event for a webhook the carrier delivers twice', async () => {
    const sent = simulator.injectInboundSms({ from: '447700900778', to: business.slice(1), text: 'Hello twice', duplicate: true });
    await simulator.state.waitFor(
      () => simulator.state.webhooks.filter((attempt) => attempt.kind === 'inbound' && attempt.body.includes(sent.messageUuid) && attempt.statusCode === 200).length === 2,
      10_000,
    );
    expect(await settledEventsMentioning(kafka, 'sms.inbound.raw', sent.messageUuid)).toHaveLength(1);
  });

  it.each(['bad-signature', 'tampered-body', 'stale', 'unsigned'] as const)('refuses a webhook signed %s with 401', async (signing) => {
    const sent = simulator.injectInboundSms({ from: '447700900779', to: business.slice(1), text: `Signed ${signing}`, signing });
    const attempt = await simulator.state.waitForWebhook((candidate) => candidate.kind === 'inbound' && candidate.body.includes(sent.messageUuid), 10_000);
    expect(attempt.statusCode).toBe(401);
    expect(await eventsMentioning(kafka, 'sms.inbound.raw', sent.messageUuid)).toEqual([]);
  });

  it('sends an approved reply once, then reports it sent, submitted and delivered', async () => {
    const customer = '+447700900780';
    const approval = await approve(customer, 'Saturday at 10:00 works. See you then!');
    const messageId = approval.payload.messageId;
    const carrierMessage = await simulator.state.waitForMessage((message) => message.clientRef === messageId, 20_000);
    expect(carrierMessage).toMatchObject({ to: customer.slice(1), from: business.slice(1), auth: 'jwt', segments: 1 });
    const log = await waitFor(
      'sent, submitted and delivered',
      async () => {
        const events = await eventsMentioning(kafka, 'conversation.events', messageId);
        const statuses = events.map((event) => (event.type === 'conversation.message.delivery-reported' ? String(event.payload['status']) : event.type));
        return statuses.includes('delivered') && statuses.includes('conversation.message.sent') ? events : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(log.find((event) => event.type === 'conversation.message.sent')?.payload).toMatchObject({
      messageId,
      carrierMessageId: carrierMessage.messageUuid,
      encoding: 'gsm-7',
      segments: 1,
    });
    expect(log.filter((event) => event.type === 'conversation.message.delivery-reported').map((event) => event.payload['status'])).toEqual(
      expect.arrayContaining(['submitted', 'delivered']),
    );
  });

  it('sends once however often the approval is delivered', async () => {
    const customer = '+447700900781';
    const messageId = `msg_${randomUUID()}`;
    const first = await approve(customer, 'Only once, please.', { messageId });
    await kafka.produce('conversation.events', [{ key: first.conversationId ?? '', value: JSON.stringify(first) }]);
    await approve(customer, 'Only once, please.', { messageId });
    await simulator.state.waitForMessage((message) => message.clientRef === messageId, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(simulator.state.messages.filter((message) => message.clientRef === messageId)).toHaveLength(1);
  });

  it('backs off when the carrier throttles, honouring Retry-After, and then sends', async () => {
    const customer = '+447700900782';
    simulator.forceOutcome({ outcome: 'http-429', count: 2 });
    const approval = await approve(customer, 'Sent after a short wait.');
    const message = await simulator.state.waitForMessage((candidate) => candidate.clientRef === approval.payload.messageId, 30_000);
    expect(message.to).toBe(customer.slice(1));
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/parley_carrier_send_requests_total\{result="retry-later",service="gateway"\} [2-9]/);
  });

  it('reports a carrier rejection with Vonage\'s error on the conversation log', async () => {
    const customer = '+447700900783';
    simulator.forceOutcome({ outcome: 'rejected', to: customer.slice(1), errorCode: 1240 });
    const approval = await approve(customer, 'This one bounces.');
    const rejected = await waitFor(
      'the rejection',
      async () =>
        (await eventsMentioning(kafka, 'conversation.events', approval.payload.messageId)).find(
          (event) => event.type === 'conversation.message.delivery-reported' && event.payload['status'] === 'rejected',
        ),
      { timeoutMs: 20_000 },
    );
    expect(rejected.payload['error']).toMatchObject({ code: '1240' });
  });

  it('never texts a customer who opted out, and says so on the conversation log', async () => {
    const customer = '+447700900784';
    await sql.query(
      `INSERT INTO gateway.suppressed_recipients (tenant_id, customer_number, reason, since) VALUES ($1, $2, 'opted-out', now())`,
      [tenantId, customer],
    );
    const approval = await approve(customer, 'You should never see this.');
    const failed = await waitFor(
      'the failure',
      async () =>
        (await eventsMentioning(kafka, 'conversation.events', approval.payload.messageId)).find(
          (event) => event.type === 'conversation.message.failed',
        ),
      { timeoutMs: 20_000 },
    );
    expect(failed.payload).toMatchObject({ reason: 'recipient-opted-out' });
    expect(simulator.state.messages.filter((message) => message.to === customer.slice(1))).toEqual([]);
  });

  it('refuses to send from a number the tenant does not own', async () => {
    const approval = buildEvent(
      outboundMessageApproved,
      {
        messageId: `msg_${randomUUID()}`,
        businessNumber: fictionalNumber(),
        customerNumber: '+447700900785',
        text: 'From somebody else\'s number',
        approvedAt: new Date().toISOString(),
      },
      { tenantId, conversationId: `conv_${randomUUID()}`, producer: 'compliance-filter' },
    );
    await kafka.produce('conversation.events', [{ key: approval.conversationId ?? '', value: JSON.stringify(approval) }]);
    const failed = await waitFor(
      'the failure',
      async () =>
        (await eventsMentioning(kafka, 'conversation.events', approval.payload.messageId)).find(
          (event) => event.type === 'conversation.message.failed',
        ),
      { timeoutMs: 20_000 },
    );
    expect(failed.payload).toMatchObject({ reason: 'number-not-configured' });
  });
});
