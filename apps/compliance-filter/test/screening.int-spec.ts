import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { smsInboundReceived, smsOutboundRequested } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig } from '@parley/platform/config';
import { createLogger, MetricsRegistry } from '@parley/platform/observability';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceFilterConfigSchema } from '../src/config.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();
const ADMIN_TOKEN = 'compliance-test-admin-token-0123456789';
const TENANT = `ten_${randomUUID().replace(/-/g, '')}`;

type Envelope = { type: string; payload: Record<string, unknown> };

describe('the compliance filter service', () => {
  const kafka = new KafkaTestClient(kafkaBrokers);
  let app: NestFastifyApplication;
  let url: string;

  async function inbound(text: string, threadId = `thr_${randomUUID()}`) {
    const event = buildEvent(
      smsInboundReceived,
      {
        messageId: `msg_${randomUUID()}`,
        threadId,
        carrierMessageId: randomUUID(),
        businessNumberId: 'num_0123456789abcdef',
        businessNumber: '+14155550100',
        customerNumber: '+447700900123',
        text,
        parts: 1,
        receivedAt: new Date().toISOString(),
      },
      { tenantId: TENANT, producer: 'gateway' },
    );
    await kafka.produce('sms.inbound.raw', [{ key: threadId, value: JSON.stringify(event) }]);
    return event;
  }

  async function screenedFor(messageId: string, type = 'sms.inbound.screened'): Promise<Envelope> {
    return waitFor(
      `${type} for ${messageId}`,
      async () =>
        (await kafka.readAll('sms.inbound'))
          .map((message) => JSON.parse(message.value ?? '{}') as Envelope)
          .find((event) => event.type === type && event.payload['messageId'] === messageId),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  }

  async function outbound(text: string) {
    const conversationId = `conv_${randomUUID()}`;
    const event = buildEvent(
      smsOutboundRequested,
      {
        messageId: `msg_${randomUUID()}`,
        businessNumber: '+14155550100',
        customerNumber: '+447700900123',
        text,
        requestedBy: { kind: 'agent', agentId: 'agent_0123456789' },
        requestedAt: new Date().toISOString(),
      },
      { tenantId: TENANT, conversationId, producer: 'gateway' },
    );
    await kafka.produce('sms.outbound.requested', [{ key: conversationId, value: JSON.stringify(event) }]);
    return waitFor(
      'the decision',
      async () =>
        (await kafka.readAll('conversation.events'))
          .map((message) => JSON.parse(message.value ?? '{}') as Envelope)
          .find((candidate) => candidate.payload['messageId'] === event.payload.messageId),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  }

  beforeAll(async () => {
    await kafka.connect();
    const config = loadConfig('compliance-filter', complianceFilterConfigSchema, {
      KAFKA_BROKERS: kafkaBrokers,
      DATABASE_URL: databaseUrl,
      PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
    });
    const { AppModule } = await import('../src/app.module.ts');
    app = await createServiceApp({
      service: 'compliance-filter',
      config,
      appModule: AppModule,
      logger: createLogger({ service: 'compliance-filter', level: 'warn' }),
      metrics: new MetricsRegistry('compliance-filter', { collectProcessMetrics: false }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = await app.getUrl();
    await waitFor('readiness', async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await app.close();
    await kafka.disconnect();
  });

  it('publishes the screened text with markers and positions, never the card', async () => {
    const raw = await inbound('Hi, pay with 4111 1111 1111 1111 exp 04/28 cvv 123 please');
    const screened = await screenedFor(raw.payload.messageId);
    expect(screened.payload['text']).toBe('Hi, pay with [card ending 1111] exp [expiry date removed] cvv [security code removed] please');
    const text = String(screened.payload['text']);
    expect((screened.payload['findings'] as { type: string; start: number; end: number }[]).map((finding) => [finding.type, text.slice(finding.start, finding.end)])).toEqual([
      ['CREDIT_CARD', '[card ending 1111]'],
      ['CARD_EXPIRY', '[expiry date removed]'],
      ['CVV', '[security code removed]'],
    ]);
    expect(screened.payload).toMatchObject({ threadId: raw.payload.threadId, customerNumber: '+447700900123' });
  });

  it('redacts a card split across two texts, the earlier one after the fact', async () => {
    const threadId = `thr_${randomUUID()}`;
    const first = await inbound('ok my card is 6011 0009', threadId);
    await screenedFor(first.payload.messageId);
    const second = await inbound('9013 9424 that is all', threadId);
    const screened = await screenedFor(second.payload.messageId);
    expect(screened.payload['text']).toBe('[card removed] that is all');
    const redacted = await screenedFor(first.payload.messageId, 'sms.inbound.redacted');
    expect(redacted.payload).toMatchObject({ text: 'ok my card is [card removed]', causedBy: second.payload.messageId });
  });

  it.each([
    ['empty', ''],
    ['10,000 characters', `${'lorem ipsum '.repeat(830)}4111 1111 1111 1111`],
    ['lone surrogates', 'bad \uD800 text \uDC00 with 4111 1111 1111 1111'],
    ['control characters', 'card\u0000 4111\u0007 1111 1111 1111\u001b done'],
  ])('screens %s without crashing and without passing a card through', async (_case, text) => {
    const raw = await inbound(text);
    const screened = await screenedFor(raw.payload.messageId);
    expect(String(screened.payload['text']).replace(/\D/g, '')).not.toContain('4111111111111111');
  });

  it('blocks a reply with a card and says why; approves a clean one', async () => {
    const blocked = await outbound('Your card 5555 5555 5555 4444 is saved');
    expect(blocked).toMatchObject({
      type: 'conversation.outbound.blocked',
      payload: { reasons: [{ kind: 'sensitive-data', type: 'CREDIT_CARD', count: 1 }] },
    });
    const approved = await outbound('See you Tuesday at 10!');
    expect(approved).toMatchObject({ type: 'conversation.outbound.approved', payload: { text: 'See you Tuesday at 10!' } });
  });

  it('applies a tenant policy saved through its API: prohibited terms and an auto-reply', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const saved = await fetch(`${url}/admin/tenants/${TENANT}/policy`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ prohibitedTerms: ['guaranteed'], autoReply: { enabled: true } }),
    });
    expect(saved.status).toBe(200);
    const refused = await fetch(`${url}/admin/tenants/${TENANT}/policy`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ rules: { CREDIT_CARD: { inbound: 'allow', outbound: 'allow', style: 'label' } } }),
    });
    expect(refused.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect(await outbound('Results guaranteed!')).toMatchObject({
      type: 'conversation.outbound.blocked',
      payload: { reasons: [{ kind: 'prohibited-term', term: 'guaranteed' }] },
    });
    const raw = await inbound('card 4111111111111111');
    expect((await screenedFor(raw.payload.messageId)).payload['autoReply']).toContain('removed the card details');
  });
});
