// The archive's figures: sustained ingest through Kafka into the running service, search latency over one million
// archived messages through the HTTP API, and export rate. Prints; asserts nothing.
// Uses KAFKA_BROKERS and DATABASE_URL when both are set (migrations applied, topics ensured, nothing stopped);
// otherwise starts the test-profile stack. Needs the archive built: node_modules/.bin/tsc -b apps/archive.
// Usage: node --conditions=parley-source tools/bench/archive.ts [ingestEvents=100000] [--only=ingest,search,export]
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationClosed, conversationMessageReceived, conversationStarted } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { KafkaTestClient } from '@parley/platform/testing';
import pg from 'pg';
import { migrateAll } from '../local-stack/migrations.ts';
import { startStack } from '../local-stack/stack.ts';
import { ensureTopics } from '../local-stack/topics.ts';
import { startBenchService } from './bench-service.ts';
import { percentile } from './open-loop.ts';

const repoRoot = process.cwd();
const PORT = 3994;
const ADMIN_TOKEN = randomUUID();
const READER = 'user_bench_reader';
const INGEST_EVENTS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 100_000);
/** Which figures to measure: `--only=ingest,search,export` (all three by default). */
const PARTS = new Set((process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? 'ingest,search,export').split(','));
const EVENTS_PER_CONVERSATION = 10;
/** The search data set: one tenant, reused by later runs, 100,000 conversations of ten records over 90 days. */
const SEARCH_TENANT = 'ten_bench_archive_search_1m';
const SEARCH_CONVERSATIONS = 100_000;
const SEARCH_DAYS = 90;
const SEARCHES = 300;

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');

async function openStack(): Promise<{ kafkaBrokers: string; databaseUrl: string; stop: () => Promise<void> }> {
  const kafkaBrokers = process.env['KAFKA_BROKERS'];
  const databaseUrl = process.env['DATABASE_URL'];
  if (kafkaBrokers && databaseUrl) {
    await ensureTopics(kafkaBrokers.split(','));
    await migrateAll(repoRoot, databaseUrl);
    return { kafkaBrokers, databaseUrl, stop: async () => {} };
  }
  const stack = await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
  return stack;
}

/** A conversation of ten events: started, eight messages, closed. */
function conversationEvents(tenantId: string, index: number, start: number): unknown[] {
  const conversationId = `conv_${randomUUID()}`;
  const customerNumber = `+1415${String(5_000_000 + (index % 20_000)).padStart(7, '0')}`;
  const occurredAt = (step: number) => new Date(start + step * 1000);
  const events: unknown[] = [
    buildEvent(
      conversationStarted,
      { threadId: `thr_${randomUUID().slice(0, 12)}`, businessNumberId: 'num_bench_0001', businessNumber: '+14155550100', customerNumber, channel: 'sms', startedAt: occurredAt(0).toISOString() },
      { tenantId, conversationId, occurredAt: occurredAt(0) },
    ),
  ];
  for (let message = 1; message <= EVENTS_PER_CONVERSATION - 2; message += 1) {
    events.push(
      buildEvent(
        conversationMessageReceived,
        { messageId: `msg_${randomUUID().slice(0, 12)}`, text: `hello, about my order number ${index}-${message}, can you help`, findings: [], parts: 1, receivedAt: occurredAt(message).toISOString() },
        { tenantId, conversationId, occurredAt: occurredAt(message) },
      ),
    );
  }
  events.push(
    buildEvent(
      conversationClosed,
      { agentId: `agent_bench_${String(index % 500).padStart(4, '0')}`, queue: `queue-${index % 20}`, disposition: 'resolved', closedAt: occurredAt(9).toISOString() },
      { tenantId, conversationId, occurredAt: occurredAt(9) },
    ),
  );
  return events;
}

async function countRecords(sql: pg.Client, tenantId: string): Promise<number> {
  const { rows } = await sql.query<{ count: string }>('SELECT count(*) AS count FROM archive.records WHERE tenant_id = $1', [tenantId]);
  return Number(rows[0]?.count ?? 0);
}

async function measureIngest(kafka: KafkaTestClient, sql: pg.Client): Promise<void> {
  const tenantId = `ten_${randomUUID().replaceAll('-', '')}`;
  const conversations = Math.ceil(INGEST_EVENTS / EVENTS_PER_CONVERSATION);
  const start = Date.now() - 3_600_000;
  const messages: { key: string; value: string }[] = [];
  for (let index = 0; index < conversations; index += 1) {
    for (const envelope of conversationEvents(tenantId, index, start + index * 10)) {
      const { conversationId } = envelope as { conversationId: string };
      messages.push({ key: conversationId, value: JSON.stringify(envelope) });
    }
  }
  const total = messages.length;
  const started = performance.now();
  const BATCH = 2_000;
  const producing = (async () => {
    for (let offset = 0; offset < total; offset += BATCH * 4) {
      await Promise.all([0, 1, 2, 3].map((part) => {
        const batch = messages.slice(offset + part * BATCH, offset + (part + 1) * BATCH);
        return batch.length === 0 ? Promise.resolve() : kafka.produce('conversation.events', batch);
      }));
    }
    return performance.now() - started;
  })();
  const samples: { at: number; stored: number }[] = [];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stored = await countRecords(sql, tenantId);
    samples.push({ at: performance.now() - started, stored });
    if (stored >= total || (samples.length > 10 && samples.at(-10)?.stored === stored)) {
      break;
    }
  }
  const produceMs = await producing;
  const last = samples.at(-1) ?? { at: 1, stored: 0 };
  // Sustained: the steady middle of the run, from 10 % to 90 % of the events stored.
  const low = samples.find((sample) => sample.stored >= total * 0.1);
  const high = samples.find((sample) => sample.stored >= total * 0.9);
  const sustained = low && high && high.at > low.at ? (high.stored - low.stored) / ((high.at - low.at) / 1000) : Number.NaN;
  console.log(
    `ingest (${fmt(total)} events of ${fmt(conversations)} conversations produced to conversation.events in ${(produceMs / 1000).toFixed(1)} s, ` +
      `archived by the running service: one transaction per fetched partition batch): ${fmt(last.stored)} stored in ${(last.at / 1000).toFixed(1)} s, ` +
      `${fmt(last.stored / (last.at / 1000))} events/s overall, ${fmt(sustained)} events/s sustained (10 %–90 %)`,
  );
}

/** Bulk-loads the search tenant in SQL (synthetic hashes: its chains do not verify; it exists to be searched). */
async function loadSearchData(sql: pg.Client): Promise<void> {
  const existing = await countRecords(sql, SEARCH_TENANT);
  if (existing >= SEARCH_CONVERSATIONS * EVENTS_PER_CONVERSATION) {
    console.log(`search data: reusing ${fmt(existing)} records of ${SEARCH_TENANT}`);
    return;
  }
  if (existing > 0) {
    throw new Error(`${SEARCH_TENANT} holds ${existing} records, a partial load; use a fresh database`);
  }
  const started = performance.now();
  await sql.query('SET search_path = archive');
  await sql.query(`SELECT ensure_record_partitions(now() - interval '${SEARCH_DAYS + 31} days', 6)`);
  const words = ['refund', 'order', 'delivery', 'parcel', 'invoice', 'payment', 'account', 'password', 'address', 'late', 'broken', 'return', 'exchange', 'discount', 'coupon', 'shipping', 'tracking', 'warranty', 'cancel', 'subscription'];
  await sql.query('BEGIN');
  await sql.query(
    `INSERT INTO chains (tenant_id, chain_id, kind, conversation_id, head_sequence, head_hash, checkpointed_sequence, first_archived_at, last_archived_at,
       last_activity_at, first_occurred_at, customer_numbers, business_number, agent_ids, queues, disposition)
     SELECT $1, 'conv_bench_' || lpad(i::text, 7, '0'), 'conversation', 'conv_bench_' || lpad(i::text, 7, '0'), 10, md5(i::text), 10,
       t, t, t, t, ARRAY['+1415' || (5000000 + i % 20000)::text], '+1415555' || lpad((i % 20)::text, 4, '0'),
       ARRAY['agent_bench_' || lpad((i % 500)::text, 4, '0')], ARRAY['queue-' || (i % 20)::text], (ARRAY['resolved','callback-requested','no-answer','escalated','spam'])[1 + i % 5]
     FROM (SELECT i, now() - make_interval(secs => ($2::float8 * 86400 * i) / $3) AS t FROM generate_series(1, $3) AS i) s`,
    [SEARCH_TENANT, SEARCH_DAYS, SEARCH_CONVERSATIONS],
  );
  await sql.query(
    `INSERT INTO records (tenant_id, chain_id, sequence, record_id, event_id, event_type, kind, occurred_at, archived_at, attributes,
       content_commitment, supersedes_record_id, previous_hash, hash, conversation_id, customer_number, business_number, agent_id, queue, disposition)
     SELECT $1, 'conv_bench_' || lpad(i::text, 7, '0'), q, 'rec_bench_' || lpad(i::text, 7, '0') || '_' || q, gen_random_uuid(),
       CASE q WHEN 1 THEN 'conversation.started' WHEN 10 THEN 'conversation.closed' ELSE 'conversation.message.received' END, 'event',
       t + make_interval(secs => q), t + make_interval(secs => q + 1), '{}'::jsonb,
       CASE WHEN q BETWEEN 2 AND 9 THEN md5(i::text || q::text) END, NULL, md5(i::text || (q - 1)::text), md5(i::text || q::text),
       'conv_bench_' || lpad(i::text, 7, '0'),
       CASE q WHEN 1 THEN '+1415' || (5000000 + i % 20000)::text END, CASE q WHEN 1 THEN '+1415555' || lpad((i % 20)::text, 4, '0') END,
       CASE q WHEN 10 THEN 'agent_bench_' || lpad((i % 500)::text, 4, '0') END, CASE q WHEN 10 THEN 'queue-' || (i % 20)::text END,
       CASE q WHEN 10 THEN (ARRAY['resolved','callback-requested','no-answer','escalated','spam'])[1 + i % 5] END
     FROM (SELECT i, now() - make_interval(secs => ($2::float8 * 86400 * i) / $3) AS t FROM generate_series(1, $3) AS i) s, generate_series(1, 10) AS q`,
    [SEARCH_TENANT, SEARCH_DAYS, SEARCH_CONVERSATIONS],
  );
  await sql.query(
    `INSERT INTO texts (record_id, tenant_id, chain_id, occurred_at, text, salt)
     SELECT 'rec_bench_' || lpad(i::text, 7, '0') || '_' || q, $1, 'conv_bench_' || lpad(i::text, 7, '0'), t + make_interval(secs => q),
       'about my ' || w[1 + (i * 7 + q) % 20] || ' and the ' || w[1 + (i * 13 + q * 3) % 20] || ', ticket ' || (i * 10 + q)::text || ' please',
       md5(q::text || i::text)
     FROM (SELECT i, now() - make_interval(secs => ($2::float8 * 86400 * i) / $3) AS t FROM generate_series(1, $3) AS i) s, generate_series(2, 9) AS q,
       (SELECT $4::text[] AS w) words`,
    [SEARCH_TENANT, SEARCH_DAYS, SEARCH_CONVERSATIONS, words],
  );
  await sql.query('COMMIT');
  await sql.query('ANALYZE chains');
  await sql.query('ANALYZE records');
  await sql.query('ANALYZE texts');
  await sql.query('RESET search_path');
  console.log(`search data: ${fmt(SEARCH_CONVERSATIONS * EVENTS_PER_CONVERSATION)} records (${fmt(SEARCH_CONVERSATIONS * 8)} texts) loaded in SQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measureSearch(serviceUrl: string): Promise<void> {
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const pick = (n: number, i: number) => i % n;
  const kinds: Record<string, (i: number) => Record<string, string>> = {
    'one day, first page': (i) => ({ from: ago(1 + pick(80, i) + 1), to: ago(1 + pick(80, i)) }),
    'customer, 90 days': (i) => ({ from: ago(91), to: ago(0), customerNumber: `+1415${5_000_000 + pick(20_000, i * 37)}` }),
    'agent, 7 days': (i) => ({ from: ago(7 + pick(60, i)), to: ago(pick(60, i)), agentId: `agent_bench_${String(pick(500, i * 11)).padStart(4, '0')}` }),
    'queue + disposition, 30 days': (i) => ({ from: ago(30), to: ago(0), queue: `queue-${pick(20, i)}`, disposition: 'escalated' }),
    'business number, 30 days': (i) => ({ from: ago(31), to: ago(1), businessNumber: `+1415555${String(pick(20, i)).padStart(4, '0')}` }),
    'text, one word, 90 days': (i) => ({ from: ago(91), to: ago(0), text: ['refund', 'parcel', 'warranty', 'coupon'][pick(4, i)] ?? 'refund' }),
    'text, two words, 7 days': (i) => ({ from: ago(8 + pick(30, i)), to: ago(1 + pick(30, i)), text: 'refund delivery' }),
    'text, rare ticket number, 90 days': (i) => ({ from: ago(91), to: ago(0), text: `ticket ${(pick(100_000, i * 7919) + 1) * 10 + 3}` }),
    'text + customer, 90 days': (i) => ({ from: ago(91), to: ago(0), text: 'order', customerNumber: `+1415${5_000_000 + pick(20_000, i * 13)}` }),
  };
  const get = async (params: Record<string, string>): Promise<{ ms: number; rows: number; nextCursor: string | null }> => {
    const started = performance.now();
    const response = await fetch(`${serviceUrl}/admin/tenants/${SEARCH_TENANT}/archive/search?${new URLSearchParams(params).toString()}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const body = (await response.json()) as { rows?: unknown[]; nextCursor?: string | null };
    if (!response.ok) {
      throw new Error(`search ${JSON.stringify(params)} answered ${response.status}: ${JSON.stringify(body)}`);
    }
    return { ms: performance.now() - started, rows: body.rows?.length ?? 0, nextCursor: body.nextCursor ?? null };
  };
  const names = Object.keys(kinds);
  // Warm the connections and the planner once per kind.
  for (const name of names) {
    await get(kinds[name]?.(0) ?? {});
  }
  const all: number[] = [];
  const byKind = new Map<string, { ms: number[]; rows: number }>();
  for (let i = 0; i < SEARCHES; i += 1) {
    const name = names[i % names.length] ?? 'one day, first page';
    const params = kinds[name]?.(i + 1) ?? {};
    const first = await get(params);
    const entry = byKind.get(name) ?? { ms: [], rows: 0 };
    entry.ms.push(first.ms);
    entry.rows += first.rows;
    all.push(first.ms);
    if (first.nextCursor !== null && i % 3 === 0) {
      const next = await get({ ...params, cursor: first.nextCursor });
      const paged = byKind.get('next page (cursor)') ?? { ms: [], rows: 0 };
      paged.ms.push(next.ms);
      paged.rows += next.rows;
      byKind.set('next page (cursor)', paged);
      all.push(next.ms);
    }
    byKind.set(name, entry);
  }
  console.log(`search over ${fmt(SEARCH_CONVERSATIONS * EVENTS_PER_CONVERSATION)} records through GET …/archive/search (page 50, one client, ${all.length} requests):`);
  console.log(`  all: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
  for (const [name, entry] of byKind) {
    console.log(`  ${name}: p50 ${percentile(entry.ms, 50).toFixed(1)} ms, p95 ${percentile(entry.ms, 95).toFixed(1)} ms (${entry.ms.length} requests, ${(entry.rows / entry.ms.length).toFixed(0)} rows each)`);
  }
}

async function measureExport(serviceUrl: string, days: number): Promise<void> {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-parley-reader': READER, 'content-type': 'application/json' };
  const now = Date.now();
  const started = performance.now();
  const response = await fetch(`${serviceUrl}/admin/tenants/${SEARCH_TENANT}/archive/exports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ from: new Date(now - days * 86_400_000).toISOString(), to: new Date(now).toISOString() }),
  });
  const { exportId } = (await response.json()) as { exportId: string };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const job = (await (await fetch(`${serviceUrl}/admin/tenants/${SEARCH_TENANT}/archive/exports/${exportId}`, { headers })).json()) as {
      status: string;
      rowsWritten: number;
      manifest: { totals: { bytes: number; rows: number } } | null;
      error: string | null;
    };
    if (job.status === 'completed' || job.status === 'failed') {
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `export (${days} days of the search tenant to JSON lines and CSV with manifest, ${job.status}${job.error ? `: ${job.error}` : ''}): ` +
          `${fmt(job.rowsWritten)} messages, ${((job.manifest?.totals.bytes ?? 0) / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s, ${fmt(job.rowsWritten / seconds)} messages/s`,
      );
      return;
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, 'apps', 'archive', 'dist', 'main.js'))) {
    throw new Error('build the archive first: node_modules/.bin/tsc -b apps/archive');
  }
  const stack = await openStack();
  const kafka = new KafkaTestClient(stack.kafkaBrokers);
  const sql = new pg.Client({ connectionString: stack.databaseUrl });
  const exportDir = await mkdtemp(join(tmpdir(), 'parley-archive-bench-'));
  const service = await startBenchService(repoRoot, 'archive', {
    port: PORT,
    kafkaBrokers: stack.kafkaBrokers,
    databaseUrl: stack.databaseUrl,
    env: { PARLEY_ADMIN_TOKEN: ADMIN_TOKEN, ARCHIVE_EXPORT_DIR: exportDir, ...(process.env['BENCH_ARCHIVE_ENV'] ? JSON.parse(process.env['BENCH_ARCHIVE_ENV']) as Record<string, string> : {}) },
  });
  try {
    await Promise.all([kafka.connect(), sql.connect()]);
    if (PARTS.has('ingest')) {
      await measureIngest(kafka, sql);
    }
    if (PARTS.has('search') || PARTS.has('export')) {
      await loadSearchData(sql);
    }
    if (PARTS.has('search')) {
      await measureSearch(service.url);
    }
    if (PARTS.has('export')) {
      await measureExport(service.url, 30);
    }
  } finally {
    await service.stop();
    await Promise.allSettled([kafka.disconnect(), sql.end()]);
    await rm(exportDir, { recursive: true, force: true });
    await stack.stop();
  }
}

await main();
