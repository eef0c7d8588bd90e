// The compliance filter's two figures: scan throughput of the detectors on one core over typical SMS, and the
// latency the running service adds to each message between the raw and the screened topic. Prints; asserts nothing.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { smsInboundReceived } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { DEFAULT_POLICY, detectSensitiveData, screenInbound } from '@parley/compliance-filter-domain';
import { KafkaTestClient } from '@parley/platform/testing';
import { buildAll } from '../build/build.ts';
import { startStack } from '../local-stack/stack.ts';
import { startBenchService, type BenchService } from './bench-service.ts';
import { percentile } from './open-loop.ts';
import { buckets, type Buckets } from './prometheus-text.ts';

const repoRoot = process.cwd();
const PORT = 3993;
const PART = process.argv[2] ?? 'all';
const RATE = Number(process.argv[3] ?? 200);
const SECONDS = Number(process.argv[4] ?? 20);
const SCAN_SECONDS = 10;
const SENSITIVE_SHARE = Number(process.env['SENSITIVE_SHARE'] ?? 0.05);
const CORPUS = join(repoRoot, 'libs/compliance-filter/domain/evaluation/corpus');

interface CorpusRecord {
  text: string;
  findings: unknown[];
}

async function corpus(file: string): Promise<CorpusRecord[]> {
  const lines = (await readFile(join(CORPUS, file), 'utf8')).split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => JSON.parse(line) as CorpusRecord);
}

/**
 * Everyday traffic: the realistic corpus's texts without sensitive data, plus texts with it at the given share. The
 * corpus itself is built for evaluation, so a third of its texts carry findings; real traffic carries far fewer.
 */
function trafficMix(records: readonly CorpusRecord[], sensitiveShare: number): string[] {
  const clean = records.filter((record) => record.findings.length === 0).map((record) => record.text);
  const sensitive = records.filter((record) => record.findings.length > 0).map((record) => record.text);
  const wanted = Math.round((clean.length * sensitiveShare) / (1 - sensitiveShare));
  const step = sensitive.length / Math.max(1, wanted);
  const picked = Array.from({ length: Math.min(wanted, sensitive.length) }, (_, index) => sensitive[Math.floor(index * step)] ?? '');
  // Interleaved so the sensitive texts are spread through the run as they would be in traffic.
  const mixed: string[] = [];
  const every = Math.max(1, Math.floor(clean.length / Math.max(1, picked.length)));
  clean.forEach((text, index) => {
    mixed.push(text);
    const extra = picked[index / every];
    if (index % every === 0 && extra !== undefined) {
      mixed.push(extra);
    }
  });
  return mixed;
}

interface Throughput {
  /** Per second of elapsed time on this one thread. */
  wall: { mb: number; messages: number };
  /** Per second of the process's CPU time, garbage collection and compiler threads included: the stricter figure. */
  cpu: { mb: number; messages: number };
}

/** Runs `work` over the texts round-robin on this thread (one core) for a while. */
function throughput(texts: readonly string[], seconds: number, work: (text: string) => unknown): Throughput {
  const bytes = texts.map((text) => Buffer.byteLength(text, 'utf8'));
  let sink = 0;
  const runFor = (ms: number) => {
    let messages = 0;
    let total = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    while (performance.now() - started < ms) {
      for (let index = 0; index < texts.length; index += 1) {
        sink += work(texts[index] ?? '') === undefined ? 0 : 1;
        total += bytes[index] ?? 0;
      }
      messages += texts.length;
    }
    const used = process.cpuUsage(cpu);
    return { messages, total, wallSeconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  runFor(2_000);
  const run = runFor(seconds * 1000);
  if (sink < 0) {
    console.log(sink);
  }
  return {
    wall: { mb: run.total / 1e6 / run.wallSeconds, messages: run.messages / run.wallSeconds },
    cpu: { mb: run.total / 1e6 / run.cpuSeconds, messages: run.messages / run.cpuSeconds },
  };
}

async function scanFigures(): Promise<void> {
  const realistic = await corpus('realistic.jsonl');
  const adversarial = (await corpus('adversarial.jsonl')).map((record) => record.text);
  const everyday = trafficMix(realistic, SENSITIVE_SHARE);
  const dense = realistic.map((record) => record.text);
  const long = Array.from({ length: 20 }, (_, index) => dense.slice(index * 20, index * 20 + 160).join(' ').slice(0, 10_000));
  const average = (texts: readonly string[]) => (texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) / texts.length).toFixed(0);
  const rows: [string, string[], (text: string) => unknown][] = [
    [`typical SMS traffic (${everyday.length} texts, ${average(everyday)} bytes on average, ${SENSITIVE_SHARE * 100}% with sensitive data), detectors`, everyday, detectSensitiveData],
    ['typical SMS traffic, detectors + redaction', everyday, (text) => screenInbound(text, detectSensitiveData(text), DEFAULT_POLICY)],
    [`the realistic corpus as built for evaluation (${dense.length} texts, ${average(dense)} bytes, 38% with sensitive data), detectors`, dense, detectSensitiveData],
    [`adversarial texts (${adversarial.length}), detectors`, adversarial, detectSensitiveData],
    [`long texts (${long.length}, ${average(long)} bytes on average), detectors`, long, detectSensitiveData],
  ];
  const format = (figures: { mb: number; messages: number }) => `${figures.mb.toFixed(1)} MB/s, ${Math.round(figures.messages).toLocaleString('en-US')} messages/s`;
  console.log(`scan throughput on one thread (${SCAN_SECONDS} s each after a 2 s warm-up), per elapsed second | per CPU second of the process:`);
  for (const [label, texts, work] of rows) {
    const figures = throughput(texts, SCAN_SECONDS, work);
    console.log(`  ${label}: ${format(figures.wall)} | ${format(figures.cpu)}`);
  }
}

/** The quantile by linear interpolation inside its bucket, as Prometheus' histogram_quantile does, in ms. */
function quantileMs(after: Buckets, before: Buckets, q: number): string {
  const counts = after.map(([bound, count], index) => [bound, count - (before[index]?.[1] ?? 0)] as const);
  const total = counts.at(-1)?.[1] ?? 0;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [bound, count] of counts) {
    if (count >= rank) {
      if (!Number.isFinite(bound)) {
        return `> ${(lower * 1000).toFixed(1)}`;
      }
      const share = count === below ? 0 : (rank - below) / (count - below);
      return ((lower + (bound - lower) * share) * 1000).toFixed(2);
    }
    lower = bound;
    below = count;
  }
  return 'n/a';
}

/** Sends the texts as raw inbound events at a steady rate (open loop) and returns their message ids. */
async function sendAtRate(kafka: KafkaTestClient, texts: readonly string[], tenantId: string, seconds: number): Promise<Set<string>> {
  const total = RATE * seconds;
  const ids = new Set<string>();
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const wait = started + (index * 1000) / RATE - performance.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const threadId = `thr_${randomUUID()}`;
    const messageId = `msg_${randomUUID()}`;
    ids.add(messageId);
    const event = buildEvent(
      smsInboundReceived,
      {
        messageId,
        threadId,
        carrierMessageId: randomUUID(),
        businessNumberId: 'num_0123456789abcdef',
        businessNumber: '+14155550100',
        customerNumber: '+447700900123',
        text: texts[index % texts.length] ?? '',
        parts: 1,
        receivedAt: new Date().toISOString(),
      },
      { tenantId, producer: 'gateway' },
    );
    sends.push(kafka.produce('sms.inbound.raw', [{ key: threadId, value: JSON.stringify(event) }]));
  }
  await Promise.all(sends);
  return ids;
}

/** Broker timestamps of this run's events on a topic, by message id. */
async function timestamps(kafka: KafkaTestClient, topic: string, tenantId: string, type: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const message of await kafka.readAll(topic, { timeoutMs: 30_000 })) {
    const event = JSON.parse(message.value ?? '{}') as { tenantId?: string; type?: string; payload?: { messageId?: string } };
    if (event.tenantId === tenantId && event.type === type && event.payload?.messageId !== undefined) {
      found.set(event.payload.messageId, message.timestamp);
    }
  }
  return found;
}

async function serviceFigures(): Promise<void> {
  buildAll(repoRoot);
  const stack = await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
  const metricsUrl = `http://127.0.0.1:${PORT}/metrics`;
  let service: BenchService | undefined;
  const kafka = new KafkaTestClient(stack.kafkaBrokers);
  try {
    service = await startBenchService(repoRoot, 'compliance-filter', {
      port: PORT,
      kafkaBrokers: stack.kafkaBrokers,
      databaseUrl: stack.databaseUrl,
      env: { PARLEY_ADMIN_TOKEN: randomUUID() },
    });
    await kafka.connect();
    const texts = trafficMix(await corpus('realistic.jsonl'), SENSITIVE_SHARE);
    const tenantId = `ten_${randomUUID().replace(/-/g, '')}`;
    // A warm-up lets the service compile its hot paths and fill its policy cache before anything is measured.
    await sendAtRate(kafka, texts, tenantId, 5);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = await (await fetch(metricsUrl)).text();
    const measured = await sendAtRate(kafka, texts, tenantId, SECONDS);
    let screened = new Map<string, number>();
    for (const deadline = Date.now() + 120_000; [...measured].some((id) => !screened.has(id)) && Date.now() < deadline; ) {
      screened = await timestamps(kafka, 'sms.inbound', tenantId, 'sms.inbound.screened');
    }
    const raw = await timestamps(kafka, 'sms.inbound.raw', tenantId, 'sms.inbound.received');
    const after = await (await fetch(metricsUrl)).text();
    const hops = [...measured].flatMap((id) => {
      const sent = raw.get(id);
      const done = screened.get(id);
      return sent === undefined || done === undefined ? [] : [done - sent];
    });
    const screening = ['parley_screening_duration_seconds', 'direction="inbound"'] as const;
    const handler = ['parley_message_handler_duration_seconds', 'topic="sms.inbound.raw"'] as const;
    const quantiles = ([name, label]: readonly [string, string]) =>
      `p50 ${quantileMs(buckets(after, name, label), buckets(before, name, label), 0.5)} ms, p99 ${quantileMs(buckets(after, name, label), buckets(before, name, label), 0.99)} ms`;

    console.log(`service at ${RATE} messages/s for ${SECONDS} s after a 5 s warm-up (${measured.size} typical texts, one thread each):`);
    console.log(`  screened: ${hops.length} of ${measured.size}`);
    console.log(`  added by screening (detect + redact, the service's own histogram): ${quantiles(screening)}`);
    console.log(`  whole handler (parse, policy, screen, publish and wait for acks=all): ${quantiles(handler)}`);
    console.log(
      `  raw record to screened record (broker timestamps: the producer's queue, the broker, the consumer's fetch, the handler): p50 ${percentile(hops, 50)} ms, p90 ${percentile(hops, 90)} ms, p99 ${percentile(hops, 99)} ms, max ${Math.max(...hops)} ms`,
    );
  } finally {
    await kafka.disconnect();
    await service?.stop();
    await stack.stop();
  }
}

if (PART === 'scan' || PART === 'all') {
  await scanFigures();
}
if (PART === 'service' || PART === 'all') {
  await serviceFigures();
}
