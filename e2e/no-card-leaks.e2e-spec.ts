import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, SERVICE_NAMES, smsOutboundRequested } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { defaultSchemaOf } from '@parley/platform/config';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import type { RunningSimulator } from '@parley/vonage-simulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../apps/gateway/src/local/local-credentials.ts';
import { startPlatform, startPlatformSimulator, type RunningPlatform } from './support/platform-processes.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

const BUSINESS = `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
const CUSTOMER = '447700900111';

/** Sensitive values sent in, and the digits that must appear nowhere outside the raw topics. */
const SECRETS = {
  visaTestCard: '4111111111111111',
  mastercard: '5555555555554444',
  amex: '378282246310005',
  fullWidthVisa: '4012888888881881',
  hiddenVisa: '4242424242424242',
  mastercardTwoSeries: '2223003122003222',
  splitDiscover: '6011000990139424',
  ssn: '512447821',
};

const INBOUND_TEXTS = [
  'Hi, can I pay my bill? card 4111 1111 1111 1111 exp 04/28 cvv 123',
  'Use my mastercard 5555-5555-5555-4444 please',
  'amex 3782 822463 10005 thanks!',
  'tarjeta ４０１２８８８８８８８８１８８１ vence 09/27',
  'card: 4242\u200B4242\u200B4242\u200B4242',
  'Mastercard 2223 0031 2200 3222',
  'my SSN is 512-44-7821 for the insurance form',
  'ok here is my card 6011 0009',
  '9013 9424 that is the rest',
];

/** Digits only, every script and width folded to ASCII: the form in which a card cannot hide. */
function digitShadow(text: string): string {
  let digits = '';
  for (const character of text.normalize('NFKC')) {
    if (/[0-9]/.test(character)) {
      digits += character;
    }
  }
  return digits;
}

function leaks(text: string): string[] {
  const shadow = digitShadow(text);
  return Object.entries(SECRETS)
    .filter(([, digits]) => shadow.includes(digits))
    .map(([name]) => name);
}

describe('card numbers through the running platform', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  const sql = new pg.Client({ connectionString: databaseUrl });
  let simulator: RunningSimulator;
  let platform: RunningPlatform;
  let tenantId: string;
  const conversationId = `conv_${randomUUID()}`;
  const blockedReplyId = `msg_${randomUUID()}`;
  const cleanReplyId = `msg_${randomUUID()}`;

  beforeAll(async () => {
    await Promise.all([kafka.connect(), sql.connect()]);
    simulator = await startPlatformSimulator(secrets);
    platform = await startPlatform({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: simulator.url });
    const headers = { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' };
    const tenant = (await (
      await fetch(`${platform.url('gateway')}/admin/tenants`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ slug: `leaks-${randomUUID().slice(0, 8)}`, name: 'Leak test' }),
      })
    ).json()) as { id: string };
    tenantId = tenant.id;
    const created = await fetch(`${platform.url('gateway')}/admin/tenants/${tenantId}/numbers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ e164: BUSINESS, label: 'Front desk' }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await platform.stop();
    await simulator.stop();
    await Promise.all([kafka.disconnect(), sql.end()]);
  });

  it('leaves no card number, SSN or split card in any topic, table or log outside the raw topics', async () => {
    for (const text of INBOUND_TEXTS) {
      simulator.injectInboundSms({ from: CUSTOMER, to: BUSINESS.slice(1), text });
      // One at a time, as a customer types them, so the two halves of the split card arrive in order.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const echo = buildEvent(
      smsOutboundRequested,
      {
        messageId: blockedReplyId,
        businessNumber: BUSINESS,
        customerNumber: `+${CUSTOMER}`,
        text: 'Just to confirm, your card is 5555 5555 5555 4444, right?',
        requestedBy: { kind: 'agent', agentId: 'agent_0123456789' },
        requestedAt: new Date().toISOString(),
      },
      { tenantId, conversationId, producer: 'gateway' },
    );
    const clean = buildEvent(
      smsOutboundRequested,
      {
        messageId: cleanReplyId,
        businessNumber: BUSINESS,
        customerNumber: `+${CUSTOMER}`,
        text: 'Thanks! Please never text card numbers; here is a secure payment link instead.',
        requestedBy: { kind: 'agent', agentId: 'agent_0123456789' },
        requestedAt: new Date().toISOString(),
      },
      { tenantId, conversationId, producer: 'gateway' },
    );
    await kafka.produce('sms.outbound.requested', [
      { key: conversationId, value: JSON.stringify(echo) },
      { key: conversationId, value: JSON.stringify(clean) },
    ]);

    const screened = await waitFor(
      'every text screened, the split card redacted and both replies decided',
      async () => {
        const inbound = (await kafka.readAll('sms.inbound')).map((message) => message.value ?? '').filter((value) => value.includes(tenantId));
        const log = (await kafka.readAll('conversation.events')).map((message) => message.value ?? '').filter((value) => value.includes(conversationId));
        const done =
          inbound.filter((value) => value.includes('"sms.inbound.screened"')).length === INBOUND_TEXTS.length &&
          inbound.some((value) => value.includes('"sms.inbound.redacted"')) &&
          log.some((value) => value.includes('"conversation.outbound.blocked"')) &&
          log.some((value) => value.includes('"conversation.message.sent"'));
        return done ? inbound : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(screened.join('\n')).toContain('[card ending 1111]');

    const findings: string[] = [];
    const sinks = ALL_TOPICS.filter((topic) => topic.sensitivity === 'screened').map((topic) => topic.name);
    for (const topic of sinks) {
      for (const message of await kafka.readAll(topic)) {
        const seen = [message.key ?? '', message.value ?? '', JSON.stringify(message.headers)].flatMap(leaks);
        findings.push(...seen.map((name) => `topic ${topic}: ${name}`));
      }
    }
    for (const service of SERVICE_NAMES) {
      const schema = defaultSchemaOf(service);
      const tables = await sql.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
        [schema],
      );
      for (const { table_name: table } of tables.rows) {
        const rows = await sql.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table}" t`);
        for (const { row } of rows.rows) {
          findings.push(...leaks(row).map((name) => `table ${schema}.${table}: ${name}`));
        }
      }
      findings.push(...leaks(platform.logs(service)).map((name) => `${service} logs: ${name}`));
    }
    expect(findings).toEqual([]);

    // The raw box does hold them: the check above would have seen them had they escaped.
    const raw = (await kafka.readAll('sms.inbound.raw')).map((message) => message.value ?? '').join('\n');
    expect(leaks(raw)).toEqual(expect.arrayContaining(['visaTestCard', 'mastercard', 'fullWidthVisa', 'hiddenVisa']));
    expect(simulator.state.messages.filter((message) => message.clientRef === blockedReplyId)).toEqual([]);
    expect(simulator.state.messages.filter((message) => message.clientRef === cleanReplyId)).toHaveLength(1);
  });
});
