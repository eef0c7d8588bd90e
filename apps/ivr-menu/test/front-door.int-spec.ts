import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { smsInboundRedacted, smsInboundScreened, voiceCallDeflected } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig } from '@parley/platform/config';
import { createLogger, MetricsRegistry } from '@parley/platform/observability';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ivrMenuConfigSchema } from '../src/config.ts';
import { FrontDoorService } from '../src/front-door/front-door.service.ts';
import { FrontDoorSweeper } from '../src/front-door/front-door.sweeper.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();
const ADMIN_TOKEN = 'front-door-test-admin-token-0123456789';
const TENANT = `ten_${randomUUID().replace(/-/g, '')}`;
const BUSINESS = '+14155550123';
const MENU_NUMBER = `num_menu_${randomUUID().slice(0, 8)}`;
const TIMEOUT_NUMBER = `num_timeout_${randomUUID().slice(0, 8)}`;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

type Envelope = { type: string; eventId: string; conversationId?: string; tenantId: string; payload: Record<string, unknown> };

/** A schedule that is closed right now: open only on the weekday after tomorrow (UTC). */
function closedNowSchedule() {
  const day = WEEKDAYS[(new Date().getUTCDay() + 2) % 7] ?? 'mon';
  return { hours: { timeZone: 'UTC', weekly: { [day]: [{ open: '09:00', close: '17:00' }] }, holidays: [] }, closedReply: 'Billing is closed. Leave a message.', takesMessages: true };
}

const MENU = {
  name: 'Main',
  rootNodeId: 'root',
  fallbackQueue: 'support',
  maxInvalidAttempts: 2,
  nodes: [
    {
      id: 'root',
      prompt: 'Reply 1 for sales, 2 for support, 3 for billing, 4 for our hours.',
      invalidReply: 'Sorry, reply 1, 2, 3 or 4.',
      options: [
        { key: '1', label: 'Sales', keywords: ['sales', 'ventas'], action: { type: 'queue', queue: 'sales' } },
        { key: '2', label: 'Support', keywords: ['support', 'soporte'], action: { type: 'queue', queue: 'support' } },
        { key: '3', label: 'Billing', keywords: ['billing'], action: { type: 'queue', queue: 'billing' } },
        { key: '4', label: 'Hours', keywords: ['hours'], action: { type: 'reply', text: 'We are open 9 to 5.' } },
      ],
    },
  ],
};

describe('the front door through Kafka', () => {
  const kafka = new KafkaTestClient(kafkaBrokers);
  const sql = new pg.Client({ connectionString: databaseUrl });
  const apps: NestFastifyApplication[] = [];
  let url: string;

  async function startInstance(): Promise<NestFastifyApplication> {
    const config = loadConfig('ivr-menu', ivrMenuConfigSchema, {
      KAFKA_BROKERS: kafkaBrokers,
      DATABASE_URL: databaseUrl,
      PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
      FRONT_DOOR_SWEEP_INTERVAL_MS: '200',
      FRONT_DOOR_CONFIG_CACHE_MS: '0',
      LOG_LEVEL: 'warn',
    });
    const { AppModule } = await import('../src/app.module.ts');
    const app = await createServiceApp({
      service: 'ivr-menu',
      config,
      appModule: AppModule,
      logger: createLogger({ service: 'ivr-menu', level: 'warn' }),
      metrics: new MetricsRegistry('ivr-menu', { collectProcessMetrics: false }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const appUrl = await app.getUrl();
    await waitFor('readiness', async () => (await fetch(`${appUrl}/readyz`)).status === 200, { timeoutMs: 30_000 });
    apps.push(app);
    return app;
  }

  async function admin(path: string, method: string, body?: unknown): Promise<Response> {
    return fetch(`${url}/admin/tenants/${TENANT}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  function screenedEvent(customer: string, text: string, number = MENU_NUMBER) {
    const threadId = `thr_${number}_${customer.slice(1)}`;
    return buildEvent(
      smsInboundScreened,
      {
        messageId: `msg_${randomUUID()}`,
        threadId,
        carrierMessageId: randomUUID(),
        businessNumberId: number,
        businessNumber: BUSINESS,
        customerNumber: customer,
        text,
        findings: [],
        parts: 1,
        receivedAt: new Date().toISOString(),
        screenedAt: new Date().toISOString(),
      },
      { tenantId: TENANT, producer: 'compliance-filter' },
    );
  }

  async function text(customer: string, body: string, number = MENU_NUMBER) {
    const event = screenedEvent(customer, body, number);
    await kafka.produce('sms.inbound', [{ key: event.payload.threadId, value: JSON.stringify(event) }]);
    return event;
  }

  async function events(topic: string): Promise<Envelope[]> {
    return (await kafka.readAll(topic)).map((message) => JSON.parse(message.value ?? '{}') as Envelope).filter((event) => event.tenantId === TENANT);
  }

  /** The conversation log of the customer's latest conversation, once it holds an event of `type` (matching `where`). */
  async function logUntil(customer: string, type: string, where: (event: Envelope) => boolean = () => true): Promise<Envelope[]> {
    return waitFor(
      `${type} for ${customer}`,
      async () => {
        const all = await events('conversation.events');
        const started = all.filter((event) => event.type === 'conversation.started' && event.payload['customerNumber'] === customer);
        const ids = new Set(started.map((event) => event.conversationId));
        const log = all.filter((event) => ids.has(event.conversationId));
        return log.some((event) => event.type === type && where(event)) ? log : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  }

  async function textsTo(customer: string): Promise<{ text: string; purpose: string }[]> {
    return (await events('sms.outbound.requested'))
      .filter((event) => event.payload['customerNumber'] === customer)
      .map((event) => ({ text: String(event.payload['text']), purpose: String(event.payload['purpose']) }));
  }

  const customer = () => `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

  beforeAll(async () => {
    await Promise.all([kafka.connect(), sql.connect()]);
    const app = await startInstance();
    url = await app.getUrl();
    expect((await admin('/menus/main', 'PUT', MENU)).status).toBe(200);
    expect((await admin(`/numbers/${MENU_NUMBER}/front-door`, 'PUT', { businessName: 'Acme', menuId: 'main', queue: 'support' })).status).toBe(200);
    expect((await admin('/menus/quick', 'PUT', { ...MENU, timeoutSeconds: 60 })).status).toBe(200);
    expect((await admin(`/numbers/${TIMEOUT_NUMBER}/front-door`, 'PUT', { businessName: 'Acme', menuId: 'quick' })).status).toBe(200);
    expect((await admin('/queues/billing/schedule', 'PUT', closedNowSchedule())).status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all([kafka.disconnect(), sql.end()]);
  });

  it('starts a conversation on a first text and greets it with the menu', async () => {
    const someone = customer();
    await text(someone, 'Hi there');
    const log = await logUntil(someone, 'conversation.menu.prompted');
    expect(log.map((event) => event.type)).toEqual(['conversation.started', 'conversation.message.received', 'conversation.menu.prompted']);
    expect(log[0]?.payload).toMatchObject({ channel: 'sms', businessNumberId: MENU_NUMBER, customerNumber: someone });
    expect(log[1]?.payload).toMatchObject({ text: 'Hi there' });
    await waitFor('the prompt', async () => (await textsTo(someone)).length === 1);
    expect(await textsTo(someone)).toEqual([{ text: MENU.nodes[0]?.prompt, purpose: 'conversation' }]);
  });

  it.each([
    ['a digit with punctuation', '2.', 'digit', 'support'],
    ['a keyword in capitals within words', 'SALES please', 'keyword', 'sales'],
    ['a misspelling', 'suport', 'spelling', 'support'],
    ['a Spanish number word', 'dos', 'number-word', 'support'],
  ])('queues a selection by %s', async (_name, reply, matchedBy, queue) => {
    const someone = customer();
    await text(someone, 'hello');
    await logUntil(someone, 'conversation.menu.prompted');
    await text(someone, reply);
    const log = await logUntil(someone, 'conversation.queued');
    expect(log.find((event) => event.type === 'conversation.menu.selected')?.payload).toMatchObject({ matchedBy, nodeId: 'root' });
    expect(log.find((event) => event.type === 'conversation.queued')?.payload).toMatchObject({ queue, reason: 'menu', priority: 0 });
  });

  it('re-prompts invalid replies, then sends the customer to the fallback queue', async () => {
    const someone = customer();
    await text(someone, 'hello');
    await logUntil(someone, 'conversation.menu.prompted');
    for (const reply of ['banana', '🙂🙂', '7']) {
      await text(someone, reply);
    }
    const log = await logUntil(someone, 'conversation.queued');
    expect(log.filter((event) => event.type === 'conversation.menu.invalid-input').map((event) => event.payload['attempt'])).toEqual([1, 2, 3]);
    expect(log.find((event) => event.type === 'conversation.menu.abandoned')?.payload).toMatchObject({ reason: 'invalid-input', invalidAttempts: 3 });
    expect(log.find((event) => event.type === 'conversation.queued')?.payload).toMatchObject({ queue: 'support', reason: 'fallback' });
    expect((await textsTo(someone)).map((sent) => sent.text)).toEqual([MENU.nodes[0]?.prompt, 'Sorry, reply 1, 2, 3 or 4.', 'Sorry, reply 1, 2, 3 or 4.']);
  });

  it('ends the conversation of a customer silent past the menu timeout', async () => {
    const someone = customer();
    await text(someone, 'hello', TIMEOUT_NUMBER);
    await logUntil(someone, 'conversation.menu.prompted');
    // The sweep any instance runs every few hundred milliseconds, told that a minute has passed.
    await apps[0]?.get(FrontDoorSweeper).sweep(new Date(Date.now() + 61_000));
    const log = await logUntil(someone, 'conversation.ended');
    expect(log.find((event) => event.type === 'conversation.menu.abandoned')?.payload).toMatchObject({ reason: 'timeout', nodeId: 'root' });
    expect(log.find((event) => event.type === 'conversation.ended')?.payload).toMatchObject({ reason: 'menu-timeout' });
    // The next text starts a new conversation rather than landing in the abandoned one.
    await text(someone, 'hello again', TIMEOUT_NUMBER);
    await waitFor('a second conversation', async () => (await events('conversation.events')).filter((event) => event.type === 'conversation.started' && event.payload['customerNumber'] === someone).length === 2);
  });

  it('answers after hours with the closed reply and keeps the message for the opening', async () => {
    const someone = customer();
    await text(someone, 'hello');
    await logUntil(someone, 'conversation.menu.prompted');
    await text(someone, '3');
    const log = await logUntil(someone, 'conversation.after-hours');
    expect(log.find((event) => event.type === 'conversation.after-hours')?.payload).toMatchObject({ queue: 'billing', waitsForOpening: true });
    expect(log.some((event) => event.type === 'conversation.queued')).toBe(false);
    await waitFor('the closed reply', async () => (await textsTo(someone)).some((sent) => sent.text === 'Billing is closed. Leave a message.'));
    const { rows } = await sql.query<{ stage: string; opens_at: Date }>(`SELECT stage, opens_at FROM ivr_menu.conversations WHERE customer_number = $1 AND closed_at IS NULL`, [someone]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.stage).toBe('waiting-for-opening');
    const opensAt = rows[0]?.opens_at ?? new Date();
    expect(opensAt.getTime()).toBeGreaterThan(Date.now());
    // At the opening the waiting conversation joins the queue, keeping the time the customer asked as its place.
    await apps[0]?.get(FrontDoorSweeper).sweep(new Date(opensAt.getTime() + 1_000));
    const opened = await logUntil(someone, 'conversation.queued');
    const asked = log.find((event) => event.type === 'conversation.after-hours')?.payload['at'];
    expect(opened.find((event) => event.type === 'conversation.queued')?.payload).toMatchObject({ queue: 'billing', reason: 'opening', queuedSince: asked });
  });

  it('sends a number nobody configured straight to the general queue', async () => {
    const someone = customer();
    await text(someone, '', `num_unknown_${randomUUID().slice(0, 8)}`);
    const log = await logUntil(someone, 'conversation.queued');
    expect(log.find((event) => event.type === 'conversation.queued')?.payload).toMatchObject({ queue: 'general', reason: 'single-queue' });
    await waitFor('the greeting', async () => (await textsTo(someone)).some((sent) => sent.text === 'Thanks for texting us! An agent will be with you shortly.'));
  });

  it('answers an option that leads to an automatic reply and ends the conversation', async () => {
    const someone = customer();
    await text(someone, 'hello');
    await logUntil(someone, 'conversation.menu.prompted');
    await text(someone, 'hours');
    const log = await logUntil(someone, 'conversation.ended');
    expect(log.find((event) => event.type === 'conversation.ended')?.payload).toMatchObject({ reason: 'auto-reply' });
    await waitFor('the reply', async () => (await textsTo(someone)).some((sent) => sent.text === 'We are open 9 to 5.'));
  });

  it('records STOP in the consent ledger, confirms once, closes the conversation, and START opts back in', async () => {
    const someone = customer();
    await text(someone, 'hello');
    await logUntil(someone, 'conversation.menu.prompted');
    await text(someone, 'Stop.');
    const log = await logUntil(someone, 'conversation.ended');
    expect(log.find((event) => event.type === 'conversation.menu.abandoned')?.payload).toMatchObject({ reason: 'opted-out' });
    expect(log.find((event) => event.type === 'conversation.ended')?.payload).toMatchObject({ reason: 'opted-out' });
    const optOut = await waitFor('the opt-out', async () =>
      (await events('consent.events')).find((event) => event.type === 'consent.opted-out' && event.payload['customerNumber'] === someone),
    );
    expect(optOut.payload).toMatchObject({ source: 'keyword', keyword: 'STOP', businessNumberId: MENU_NUMBER });
    await text(someone, 'STOP');
    await text(someone, 'are you there?');
    await waitFor('the reminder', async () => (await textsTo(someone)).length === 3);
    const sent = await textsTo(someone);
    // Texts of different conversations sit on different partitions: compare them in a stable order.
    expect(sent.filter((message) => message.purpose === 'consent').map((message) => message.text).sort()).toEqual([
      'Acme: you are unsubscribed and will get no more messages from us. Reply START to resubscribe.',
      'Acme: you opted out of texts from us. Reply START to get messages again.',
    ]);
    await text(someone, 'start');
    await waitFor('the opt-in', async () => (await events('consent.events')).some((event) => event.type === 'consent.opted-in' && event.payload['customerNumber'] === someone));
    const { rows } = await sql.query<{ action: string }>(`SELECT action FROM ivr_menu.consent_changes WHERE customer_number = $1 ORDER BY at`, [someone]);
    expect(rows.map((row) => row.action)).toEqual(['opted-out', 'opted-in']);
    const consent = (await (await admin(`/consent/${encodeURIComponent(someone)}`, 'GET')).json()) as { optedOut: boolean; history: unknown[] };
    expect(consent).toMatchObject({ optedOut: false });
    expect(consent.history).toHaveLength(2);
  });

  it('answers HELP with the business name and how to opt out, without keeping a conversation open', async () => {
    const someone = customer();
    await text(someone, 'help');
    const log = await logUntil(someone, 'conversation.ended');
    expect(log.find((event) => event.type === 'conversation.ended')?.payload).toMatchObject({ reason: 'keyword-reply' });
    await waitFor('the help text', async () => (await textsTo(someone)).length === 1);
    expect(await textsTo(someone)).toEqual([{ text: 'Acme: reply to this number to reach our team. Msg & data rates may apply. Reply STOP to opt out.', purpose: 'consent' }]);
  });

  it('flags a plain-language opt-out for the agent without opting the customer out', async () => {
    const someone = customer();
    await text(someone, 'hello');
    await logUntil(someone, 'conversation.menu.prompted');
    await text(someone, 'please stop texting me');
    await logUntil(someone, 'conversation.opt-out.requested');
    expect((await events('consent.events')).some((event) => event.payload['customerNumber'] === someone)).toBe(false);
  });

  it('turns a deflected call into a queued conversation that keeps its priority and place', async () => {
    const caller = customer();
    const deflectedAt = new Date();
    const event = buildEvent(
      voiceCallDeflected,
      {
        callId: `call_${randomUUID()}`,
        businessNumberId: MENU_NUMBER,
        businessNumber: BUSINESS,
        callerNumber: caller,
        threadId: `thr_${MENU_NUMBER}_${caller.slice(1)}`,
        queue: 'support',
        priority: 10,
        waitedSeconds: 120,
        deflectedAt: deflectedAt.toISOString(),
      },
      { tenantId: TENANT, producer: 'gateway' },
    );
    await kafka.produce('voice.events', [{ key: event.payload.callId, value: JSON.stringify(event) }]);
    const log = await logUntil(caller, 'conversation.queued');
    expect(log.map((entry) => entry.type)).toEqual(['conversation.started', 'conversation.queued']);
    expect(log[0]?.payload).toMatchObject({ channel: 'voice', callId: event.payload.callId });
    expect(log[1]?.payload).toMatchObject({
      queue: 'support',
      priority: 10,
      reason: 'voice-deflection',
      callId: event.payload.callId,
      queuedSince: new Date(deflectedAt.getTime() - 120_000).toISOString(),
    });
    await waitFor('the greeting', async () => (await textsTo(caller)).length === 1);
    // The caller's first text joins the queued conversation instead of meeting the menu.
    await text(caller, 'Hi, I was on the phone');
    await logUntil(caller, 'conversation.message.received');
    expect((await logUntil(caller, 'conversation.message.received')).some((entry) => entry.type === 'conversation.menu.prompted')).toBe(false);
  });

  it('passes a redaction of an earlier text on to its conversation', async () => {
    const someone = customer();
    const first = await text(someone, 'my card is 4111 1111');
    await logUntil(someone, 'conversation.menu.prompted');
    const redaction = buildEvent(
      smsInboundRedacted,
      {
        messageId: first.payload.messageId,
        threadId: first.payload.threadId,
        text: 'my card is [card removed]',
        findings: [{ type: 'CREDIT_CARD', start: 11, end: 25 }],
        causedBy: `msg_${randomUUID()}`,
        redactedAt: new Date().toISOString(),
      },
      { tenantId: TENANT, producer: 'compliance-filter' },
    );
    await kafka.produce('sms.inbound', [{ key: first.payload.threadId, value: JSON.stringify(redaction) }]);
    const log = await logUntil(someone, 'conversation.message.redacted');
    expect(log.find((event) => event.type === 'conversation.message.redacted')?.payload).toMatchObject({ messageId: first.payload.messageId, text: 'my card is [card removed]' });
  });

  it('opens exactly one conversation when two texts from one customer arrive at the same instant on two instances', async () => {
    const second = await startInstance();
    const first = apps[0];
    if (!first) {
      throw new Error('the first instance is not running');
    }
    const services = [first, second].map((app) => app.get(FrontDoorService));
    const customers = Array.from({ length: 20 }, () => customer());
    await Promise.all(
      customers.flatMap((someone) =>
        services.map((service, index) => service.onScreenedText('ivr-menu.texts', screenedEvent(someone, index === 0 ? 'hello' : 'hi'))),
      ),
    );
    const { rows } = await sql.query<{ customer_number: string; open: string; started: string }>(
      `SELECT customer_number, count(*) FILTER (WHERE closed_at IS NULL) AS open, count(*) AS started
       FROM ivr_menu.conversations WHERE tenant_id = $1 AND customer_number = ANY($2) GROUP BY customer_number`,
      [TENANT, customers],
    );
    expect(rows).toHaveLength(customers.length);
    expect(rows.every((row) => row.open === '1' && row.started === '1')).toBe(true);
    const { rows: messages } = await sql.query<{ conversations: string; messages: string }>(
      `SELECT count(DISTINCT m.conversation_id) AS conversations, count(*) AS messages FROM ivr_menu.conversation_messages m
       JOIN ivr_menu.conversations c USING (conversation_id) WHERE c.tenant_id = $1 AND c.customer_number = ANY($2)`,
      [TENANT, customers],
    );
    expect(messages[0]).toEqual({ conversations: String(customers.length), messages: String(customers.length * 2) });
  });

  it('refuses a menu with a cycle or a dead end at save, naming the problem', async () => {
    const response = await admin('/menus/broken', 'PUT', {
      ...MENU,
      nodes: [
        { id: 'root', prompt: 'Reply 1 or 2.', options: [{ key: '1', label: 'More', keywords: [], action: { type: 'menu', nodeId: 'more' } }] },
        { id: 'more', prompt: 'Reply 1 to go back.', options: [{ key: '1', label: 'Back', keywords: [], action: { type: 'menu', nodeId: 'root' } }] },
        { id: 'empty', prompt: 'Nothing here.', options: [] },
      ],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { details?: { errors?: { path: string; message: string }[] } };
    const messages = (body.details?.errors ?? []).map((error) => error.message).join('\n');
    expect(messages).toMatch(/cycle/i);
    expect(messages).toMatch(/unreachable|no options|dead end/i);
  });
});
