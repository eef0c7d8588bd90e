// Reporting's figures. `engine`: the domain's engine alone on one thread, over a synthetic day (events per second,
// with a publication every ten seconds of event time) and with a backlog of open conversations (memory, snapshot
// size and the time to write and read one). `service`: the built service against Kafka and PostgreSQL, taking a
// burst of events and recording each, then a restart that loads the snapshot. Prints; asserts nothing.
// Uses KAFKA_BROKERS and DATABASE_URL when both are set; otherwise starts the test-profile stack.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  agentStateChanged,
  conversationAssigned,
  conversationClosed,
  conversationMessageReceived,
  conversationOffered,
  conversationQueued,
  conversationStarted,
  findTopic,
  outboundMessageApproved,
  outboundMessageSent,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
} from '@parley/contracts';
import { applyMigrations } from '@parley/platform/migrations';
import { KafkaTestClient } from '@parley/platform/testing';
import { advanceWatermark, applyEvent, createReportingState, decodeReportingState, encodeReportingState, REPORTED_EVENTS, stateSize } from '@parley/reporting-domain';
import pg from 'pg';
import { buildAll } from '../build/build.ts';
import { startStack } from '../local-stack/stack.ts';
import { startBenchService } from './bench-service.ts';

const repoRoot = process.cwd();
const PART = process.argv[2] ?? 'all';
const CONVERSATIONS = Number(process.argv[3] ?? 20_000);
const OPEN = Number(process.argv[4] ?? 10_000);
const AGENTS = 200;
const QUEUES = ['sales', 'support', 'billing', 'returns'];
const PORT = 3994;
const TENANT = 'tenant-bench-0001';
const MIGRATIONS_DIR = join(repoRoot, 'libs/reporting/data-access/prisma/migrations');

type Envelope = EventOf<EventDefinition>;

let sequence = 0;
function envelope<T extends EventDefinition>(definition: T, at: number, payload: PayloadOf<T>, conversationId?: string): EventOf<T> {
  sequence += 1;
  return {
    eventId: randomUUID(),
    type: definition.type,
    schemaVersion: definition.version,
    tenantId: TENANT,
    ...(conversationId ? { conversationId } : {}),
    occurredAt: new Date(at).toISOString(),
    producer: definition.producers[0] ?? 'reporting',
    payload,
  };
}

const iso = (at: number) => new Date(at).toISOString();
const agentId = (index: number) => `agent_${String(index % AGENTS).padStart(5, '0')}`;

/** From a conversation's first event to its close. */
const CONVERSATION_SPAN_MS = 480_000;

/** One conversation's events from `start`: a menu-less text, an agent, two replies and a close unless left open. */
function conversation(index: number, start: number, open: boolean): Envelope[] {
  const id = `conv_${index.toString(36).padStart(8, '0')}_${sequence}`;
  const queue = QUEUES[index % QUEUES.length] ?? 'sales';
  const agent = agentId(index);
  const offerId = `off_${id}`;
  const events: Envelope[] = [
    envelope(conversationStarted, start, { threadId: `thr_${id}`, businessNumberId: 'num_bench_0001', businessNumber: '+14155550100', customerNumber: '+14155550123', channel: 'sms', startedAt: iso(start) }, id),
    envelope(conversationMessageReceived, start, { messageId: `msg_${id}_1`, text: '[screened]', findings: [], parts: 1, receivedAt: iso(start) }, id),
    envelope(conversationQueued, start, { queue, priority: 0, queuedSince: iso(start), reason: 'single-queue', queuedAt: iso(start) }, id),
    envelope(conversationOffered, start + 20_000, { offerId, agentId: agent, queue, reason: 'longest-idle', attempt: 1, expiresAt: iso(start + 50_000), offeredAt: iso(start + 20_000) }, id),
    envelope(conversationAssigned, start + 25_000, { offerId, agentId: agent, queue, autoAccepted: false, waitedSeconds: 25, assignedAt: iso(start + 25_000) }, id),
  ];
  for (const [reply, at] of [
    [1, start + 60_000],
    [2, start + 240_000],
  ] as const) {
    const messageId = `msg_${id}_r${reply}`;
    events.push(
      envelope(outboundMessageApproved, at, { messageId, businessNumber: '+14155550100', customerNumber: '+14155550123', text: 'Happy to help.', requestedBy: { kind: 'agent', agentId: agent }, approvedAt: iso(at) }, id),
      envelope(outboundMessageSent, at + 500, { messageId, carrierMessageId: `car_${messageId}`, encoding: 'gsm-7', segments: 1, sentAt: iso(at + 500) }, id),
    );
  }
  if (!open) {
    events.push(envelope(conversationClosed, start + 480_000, { agentId: agent, queue, disposition: 'resolved', closedAt: iso(start + 480_000) }, id));
  }
  return events;
}

function agentsAvailable(at: number): Envelope[] {
  return Array.from({ length: AGENTS }, (_, index) =>
    envelope(agentStateChanged, at, {
      agentId: agentId(index),
      presence: 'available',
      connected: true,
      active: true,
      onCall: false,
      capacity: 1_000,
      load: 0,
      conversations: 0,
      offers: 0,
      cause: 'presence',
      at: iso(at),
    }),
  );
}

/** `count` conversations spread over `spanMs` (eight hours) from `start`, in event-time order, each closed after eight minutes. */
function syntheticDay(count: number, start: number, spanMs = 8 * 3_600_000): Envelope[] {
  const spacing = spanMs / count;
  const events = [...agentsAvailable(start)];
  for (let index = 0; index < count; index += 1) {
    events.push(...conversation(index, start + Math.round(index * spacing), false));
  }
  return events.sort((left, right) => (left.occurredAt < right.occurredAt ? -1 : left.occurredAt > right.occurredAt ? 1 : 0));
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function syntheticDayFigures(): void {
  const start = Date.UTC(2025, 2, 3, 9, 0, 0);
  const day = syntheticDay(CONVERSATIONS, start);
  const state = createReportingState();
  let published = 0;
  let nextTick = start + 10_000;
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  for (const event of day) {
    const at = Date.parse(event.occurredAt);
    while (at >= nextTick) {
      published += advanceWatermark(state, new Date(nextTick)).rows.length;
      nextTick += 10_000;
    }
    applyEvent(state, event);
  }
  published += advanceWatermark(state, new Date(nextTick + 3_600_000)).rows.length;
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = cpuSeconds() - cpuStart;
  console.log(`engine, synthetic day: ${CONVERSATIONS} conversations, ${day.length} events, ${AGENTS} agents, a tick every 10 s of event time`);
  console.log(`  ${Math.round(day.length / wall)} events/s wall, ${Math.round(day.length / cpu)} events/s of CPU; ${published} row versions published`);
}

function backlog(): void {
  const start = Date.UTC(2025, 2, 3, 9, 0, 0);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const held = createReportingState();
  const events = [...agentsAvailable(start)];
  for (let index = 0; index < OPEN; index += 1) {
    events.push(...conversation(index, start + index * 100, true));
  }
  for (const event of events) {
    applyEvent(held, event);
  }
  events.length = 0;
  advanceWatermark(held, new Date(start + OPEN * 100 + 300_000));
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed - heapBefore;
  const encodeStart = performance.now();
  const text = encodeReportingState(held);
  const encodeMs = performance.now() - encodeStart;
  const gzipStart = performance.now();
  const zipped = gzipSync(Buffer.from(text));
  const gzipMs = performance.now() - gzipStart;
  const decodeStart = performance.now();
  const decoded = decodeReportingState(text);
  const decodeMs = performance.now() - decodeStart;
  console.log(`engine, backlog: ${JSON.stringify(stateSize(decoded))}`);
  console.log(
    `  heap ${globalThis.gc ? mb(heap) : 'n/a (set NODE_OPTIONS=--expose-gc)'} (${globalThis.gc ? Math.round(heap / OPEN) : 'n/a'} bytes per open conversation); ` +
      `snapshot ${mb(text.length)} JSON, ${mb(zipped.length)} gzipped; encode ${Math.round(encodeMs)} ms, gzip ${Math.round(gzipMs)} ms, decode ${Math.round(decodeMs)} ms`,
  );
}

function keyOf(event: Envelope): string {
  const definition = REPORTED_EVENTS.find((candidate) => candidate.type === event.type);
  const topic = findTopic(definition?.topic ?? '');
  const source = topic?.key.source;
  if (source === 'conversationId') {
    return event.conversationId ?? event.tenantId;
  }
  if (source === 'tenantId' || source === undefined) {
    return event.tenantId;
  }
  return (event.payload as Record<string, string>)[source.payloadField] ?? event.tenantId;
}

/** The first sample of `name` on the service's /metrics carrying every given label. */
async function metric(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) => (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) && Object.entries(labels).every(([label, value]) => candidate.includes(`${label}="${value}"`)));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

/** Probes of the live view's lag: how long after a conversation entered a queue the live view shows it waiting. */
const LAG_PROBES = 200;
const LAG_BACKGROUND_CONVERSATIONS = 2_000;

/**
 * Sends a conversation into a queue of its own every 100 ms and polls the live view until it shows that queue, while
 * a background stream of conversations (about 2,000 events/s) keeps the engine busy; prints the lag's percentiles.
 */
async function measureLiveLag(kafka: KafkaTestClient, serviceUrl: string, adminToken: string): Promise<void> {
  // Conversations that began in the minute before their last events, so every event has already happened: the
  // engine refuses events from minutes ahead of its clock as clock skew and dead-letters them one at a time.
  const background = syntheticDay(LAG_BACKGROUND_CONVERSATIONS, Date.now() - 60_000 - CONVERSATION_SPAN_MS, 60_000);
  let stop = false;
  const feeding = (async () => {
    for (let index = 0; index < background.length && !stop; index += 200) {
      const batch = background.slice(index, index + 200);
      const topic = (event: Envelope) => REPORTED_EVENTS.find((candidate) => candidate.type === event.type)?.topic ?? 'conversation.events';
      await Promise.all([...new Set(batch.map(topic))].map((name) => kafka.produce(name, batch.filter((event) => topic(event) === name).map((event) => ({ key: keyOf(event), value: JSON.stringify(event) })))));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const lags: number[] = [];
  // How long Kafka took to acknowledge each probe, to tell a slow broker from a slow engine.
  const produceMs = new Map<number, number>();
  for (let probe = 0; probe < LAG_PROBES; probe += 1) {
    const at = Date.now();
    const id = `conv_lag_${String(probe).padStart(4, '0')}_${randomUUID().slice(0, 8)}`;
    const queue = `lag-${probe}-${id.slice(-8)}`;
    const events = [
      envelope(conversationStarted, at, { threadId: `thr_${id}`, businessNumberId: 'num_bench_0001', businessNumber: '+14155550100', customerNumber: '+14155550123', channel: 'sms', startedAt: iso(at) }, id),
      envelope(conversationQueued, at, { queue, priority: 0, queuedSince: iso(at), reason: 'single-queue', queuedAt: iso(at) }, id),
    ];
    const sent = performance.now();
    await kafka.produce('conversation.events', events.map((event) => ({ key: keyOf(event), value: JSON.stringify(event) })));
    produceMs.set(lags.length, performance.now() - sent);
    for (const deadline = sent + 30_000; performance.now() < deadline; ) {
      const response = await fetch(`${serviceUrl}/admin/tenants/${TENANT}/reports/live`, { headers: { authorization: `Bearer ${adminToken}` } });
      if ((await response.text()).includes(`"${queue}"`)) {
        lags.push(performance.now() - sent);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop = true;
  await feeding;
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
  console.log(
    `  live view lag behind events (${lags.length} of ${LAG_PROBES} probes seen, background ~2,000 events/s): ` +
      `p50 ${Math.round(at(0.5))} ms, p90 ${Math.round(at(0.9))} ms, p99 ${Math.round(at(0.99))} ms, max ${Math.round(sorted.at(-1) ?? Number.NaN)} ms` +
      ` (slowest probes: ${lags
        .map((lag, index) => [index, lag] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([index, lag]) => `#${index} ${Math.round(lag)} ms, of which ${Math.round(produceMs.get(index) ?? Number.NaN)} ms until Kafka acknowledged it`)
        .join('; ')})`,
  );
}

async function service(): Promise<void> {
  const external = process.env['KAFKA_BROKERS'] && process.env['DATABASE_URL'];
  buildAll(repoRoot);
  const stack = external
    ? { kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '', databaseUrl: process.env['DATABASE_URL'] ?? '', stop: async () => undefined }
    : await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
  const schema = `reporting_bench_${randomUUID().slice(0, 8)}`;
  await applyMigrations({ databaseUrl: stack.databaseUrl, schema, migrationsDir: MIGRATIONS_DIR });
  const kafka = new KafkaTestClient(stack.kafkaBrokers);
  await kafka.connect();
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2, options: `-c search_path=${schema}` });
  const topics = [...new Set(REPORTED_EVENTS.map((definition) => definition.topic)), 'routing.queues'];
  await kafka.startGroupAtEnd(`reporting.engine.${schema}`, topics);
  const env = { DATABASE_SCHEMA: schema, PARLEY_ADMIN_TOKEN: randomUUID(), REPORTING_PUBLISH_INTERVAL_MS: '1000', REPORTING_SNAPSHOT_INTERVAL_MS: '3600000', REPORTING_ALLOWED_LATENESS_SECONDS: '3600' };
  const options = { port: PORT, kafkaBrokers: stack.kafkaBrokers, databaseUrl: stack.databaseUrl, env };
  try {
    let reporting = await startBenchService(repoRoot, 'reporting', options);
    // Half an hour of traffic ending a few minutes ago, all within the hour of lateness the service is given here.
    const day = syntheticDay(CONVERSATIONS, Date.now() - 40 * 60_000, 30 * 60_000);
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const event of day) {
      const topic = REPORTED_EVENTS.find((candidate) => candidate.type === event.type)?.topic ?? 'conversation.events';
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: keyOf(event), value: JSON.stringify(event) });
      byTopic.set(topic, messages);
    }
    for (const [topic, messages] of byTopic) {
      for (let index = 0; index < messages.length; index += 5_000) {
        await kafka.produce(topic, messages.slice(index, index + 5_000));
      }
    }
    const produced = performance.now();
    // The engine's group commits a partition's messages only once the engine recorded them.
    const group = `reporting.engine.${schema}`;
    while ((await Promise.all(topics.map((topic) => kafka.lag(group, topic)))).some((lag) => lag > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - produced) / 1000;
    console.log(`service: ${day.length} events taken from Kafka and recorded in ${seconds.toFixed(1)} s: ${Math.round(day.length / seconds)} events/s`);
    await measureLiveLag(kafka, reporting.url, env.PARLEY_ADMIN_TOKEN);
    const outcomes = await Promise.all(['applied', 'duplicate', 'already-handled', 'ignored', 'unsupported', 'invalid', 'too-late'].map(async (outcome) => `${outcome} ${(await metric(reporting.url, 'parley_reporting_events_total', { outcome })) || 0}`));
    console.log(`  the engine's verdicts on everything it was sent: ${outcomes.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [held, resident] = await Promise.all([metric(reporting.url, 'parley_reporting_engine_held', { what: 'conversations' }), metric(reporting.url, 'process_resident_memory_bytes')]);
    console.log(`  holding ${held} conversations, resident memory ${mb(resident)}`);
    await reporting.stop();
    const { rows } = await db.query<{ bytes: string; inputs: string }>('SELECT octet_length(state) AS bytes, (SELECT count(*) FROM engine_inputs) AS inputs FROM engine_snapshots');
    console.log(`  graceful stop: snapshot of ${mb(Number(rows[0]?.bytes))} gzipped, ${rows[0]?.inputs} inputs left to replay`);
    reporting = await startBenchService(repoRoot, 'reporting', options);
    const loadSum = await metric(reporting.url, 'parley_reporting_load_duration_seconds_sum');
    console.log(`  restart: engine loaded in ${Math.round(loadSum * 1000)} ms`);
    await reporting.stop();
  } finally {
    await kafka.disconnect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
    await stack.stop();
  }
}

if (PART === 'engine' || PART === 'all') {
  syntheticDayFigures();
  backlog();
}
if (PART === 'service' || PART === 'all') {
  await service();
}
