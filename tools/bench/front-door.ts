// The front door's figures: how long one menu decision takes (pure, on one thread), and how many customer texts per
// second the ivr-menu service takes through Kafka and PostgreSQL, each in its own transaction. Prints; asserts nothing.
import { randomUUID } from 'node:crypto';
import { smsInboundScreened } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { decideOnText, validateMenu, type FrontDoorSettings, type OpenConversation } from '@parley/ivr-menu-domain';
import { KafkaTestClient } from '@parley/platform/testing';
import { buildAll } from '../build/build.ts';
import { startStack } from '../local-stack/stack.ts';
import { startBenchService } from './bench-service.ts';
import { percentile } from './open-loop.ts';

const repoRoot = process.cwd();
const PORT = 3994;
const CUSTOMERS = Number(process.argv[2] ?? 2_000);
const ADMIN_TOKEN = randomUUID();

const MENU = {
  name: 'Front desk',
  rootNodeId: 'root',
  fallbackQueue: 'support',
  nodes: [
    {
      id: 'root',
      prompt: 'Thanks for texting Acme! Reply 1 for sales, 2 for support, 3 for billing, 4 for more.',
      invalidReply: 'Sorry, reply 1, 2, 3 or 4.',
      options: [
        { key: '1', label: 'Sales', keywords: ['sales', 'buy', 'quote', 'new patient', 'ventas'], action: { type: 'queue', queue: 'sales' } },
        { key: '2', label: 'Support', keywords: ['support', 'help desk', 'appointment', 'soporte', 'cita'], action: { type: 'queue', queue: 'support' } },
        { key: '3', label: 'Billing', keywords: ['billing', 'invoice', 'payment', 'factura', 'pago'], action: { type: 'queue', queue: 'billing' } },
        { key: '4', label: 'More', keywords: ['more', 'other', 'otro'], action: { type: 'menu', nodeId: 'more' } },
      ],
    },
    {
      id: 'more',
      prompt: 'Reply 1 for our hours, 2 for our address.',
      options: [
        { key: '1', label: 'Hours', keywords: ['hours', 'horario'], action: { type: 'reply', text: 'Open 9 to 5, Monday to Friday.' } },
        { key: '2', label: 'Address', keywords: ['address', 'where', 'dirección'], action: { type: 'reply', text: '1 Main St.' } },
      ],
    },
  ],
};

const REPLIES = ['2', '2.', 'Sales please', 'suport', 'dos', 'I have a question about my invoice', 'banana', '🙂', 'STOP', 'help', 'option 3', 'billng'];

function decisionLatency(): void {
  const checked = validateMenu(MENU);
  if (!checked.ok) {
    throw new Error(JSON.stringify(checked.errors));
  }
  const texts = { optOutConfirmation: 'x', optInConfirmation: 'x', help: 'x', optedOutReminder: 'x', deflectionGreeting: 'x' };
  const settings: FrontDoorSettings = { businessName: 'Acme', queue: 'support', texts, menu: { id: 'main', version: 1, definition: checked.menu } };
  const now = new Date();
  const inMenu: OpenConversation = { stage: { kind: 'menu', nodeId: 'root', invalidAttempts: 0, deadline: new Date(now.getTime() + 60_000) } };
  const samples: number[] = [];
  for (let round = 0; round < 60_000; round += 1) {
    const text = REPLIES[round % REPLIES.length] ?? '';
    const started = performance.now();
    decideOnText({ conversation: round % 7 === 0 ? undefined : inMenu, text, optedOut: false, settings, scheduleOf: () => undefined, now });
    if (round >= 10_000) {
      samples.push((performance.now() - started) * 1000);
    }
  }
  console.log(
    `menu decision (consent keywords, option matching, hours; pure, one thread, ${samples.length.toLocaleString('en-US')} decisions over ${REPLIES.length} kinds of reply): ` +
      `p50 ${percentile(samples, 50).toFixed(1)} µs, p99 ${percentile(samples, 99).toFixed(1)} µs, max ${Math.max(...samples).toFixed(0)} µs`,
  );
}

function metricValue(metrics: string, prefix: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1) ?? 0), 0);
}

async function serviceThroughput(): Promise<void> {
  buildAll(repoRoot);
  const stack = await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
  const kafka = new KafkaTestClient(stack.kafkaBrokers);
  const service = await startBenchService(repoRoot, 'ivr-menu', {
    port: PORT,
    kafkaBrokers: stack.kafkaBrokers,
    databaseUrl: stack.databaseUrl,
    env: { PARLEY_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  try {
    await kafka.connect();
    const tenantId = `ten_${randomUUID().replace(/-/g, '')}`;
    const numberId = `num_${randomUUID().slice(0, 12)}`;
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await fetch(`${service.url}/admin/tenants/${tenantId}/menus/main`, { method: 'PUT', headers: admin, body: JSON.stringify(MENU) });
    await fetch(`${service.url}/admin/tenants/${tenantId}/numbers/${numberId}/front-door`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ businessName: 'Acme', menuId: 'main' }),
    });
    const customers = Array.from({ length: CUSTOMERS }, (_, index) => `+1415${String(1_000_000 + index).padStart(7, '0')}`);
    const produce = async (text: (index: number) => string) => {
      const messages = customers.map((customer, index) => {
        const threadId = `thr_bench_${customer.slice(1)}`;
        const event = buildEvent(
          smsInboundScreened,
          {
            messageId: `msg_${randomUUID()}`,
            threadId,
            carrierMessageId: randomUUID(),
            businessNumberId: numberId,
            businessNumber: '+14155550100',
            customerNumber: customer,
            text: text(index),
            findings: [],
            parts: 1,
            receivedAt: new Date().toISOString(),
            screenedAt: new Date().toISOString(),
          },
          { tenantId, producer: 'compliance-filter' },
        );
        return { key: threadId, value: JSON.stringify(event) };
      });
      for (let from = 0; from < messages.length; from += 500) {
        await kafka.produce('sms.inbound', messages.slice(from, from + 500));
      }
    };
    const processed = async () => metricValue(await (await fetch(`${service.url}/metrics`)).text(), 'parley_messages_consumed_total{topic="sms.inbound"');
    const baseline = await processed();
    const started = performance.now();
    // A first text from every customer (each opens a conversation), then every customer's menu choice.
    await produce(() => 'Hello, I need some help');
    await produce((index) => REPLIES[index % 6] ?? '2');
    const total = customers.length * 2;
    let done = 0;
    while (done < total && performance.now() - started < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      done = (await processed()) - baseline;
    }
    const seconds = (performance.now() - started) / 1000;
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    const decisions = metrics.split('\n').filter((line) => line.startsWith('parley_front_door_decision_duration_seconds_bucket') && line.includes('kind="text"'));
    console.log(`service: ${done} of ${total} texts from ${customers.length} customers in ${seconds.toFixed(1)} s = ${(done / seconds).toFixed(0)} texts/s (each: lock or open the conversation, decide, publish its events, commit)`);
    console.log(`  in-service decision histogram (cumulative counts by upper bound):\n    ${decisions.map((line) => line.replace(/^.*le="([^"]+)".* (\d+)$/, '$1 s: $2')).join('\n    ')}`);
  } finally {
    await kafka.disconnect();
    await service.stop();
    await stack.stop();
  }
}

decisionLatency();
if (process.argv[3] !== 'decisions-only') {
  await serviceThroughput();
}
