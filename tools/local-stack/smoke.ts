// Self-check for the local stack: real Kafka + Postgres up, one message through a consumer group, a query, clean stop.
// Run: node --disable-warning=TimeoutNegativeWarning tools/local-stack/smoke.ts [--sequential]
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { describeArtifacts, ensureKafkaArtifacts, startKafka, stopKafka } from './kafka.ts';
import type { StartedKafka } from './kafka.ts';
import { startPostgres, stopPostgres } from './postgres.ts';
import type { StartedPostgres } from './postgres.ts';
import { childPids, commandLine, isAlive, listPids } from './processes.ts';

const { Kafka, Partitioners, logLevel } = kafkajs;

const KAFKA_PORT = Number(process.env['PARLEY_SMOKE_KAFKA_PORT'] ?? 19092);
const CONTROLLER_PORT = Number(process.env['PARLEY_SMOKE_CONTROLLER_PORT'] ?? 19093);
const POSTGRES_PORT = Number(process.env['PARLEY_SMOKE_POSTGRES_PORT'] ?? 55433);
const sequential = process.argv.includes('--sequential');

const timings: [string, number][] = [];
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.push([label, performance.now() - started]);
  }
}

async function kafkaRoundTrip(brokers: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'parley-smoke', brokers: [brokers], logLevel: logLevel.WARN });
  const topic = `parley.smoke.${randomUUID()}`;
  const expected = `hello ${randomUUID()}`;
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `parley-smoke-${randomUUID()}` });
  try {
    await admin.connect();
    await timed('kafka create topic', () =>
      admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }),
    );
    await producer.connect();
    await timed('kafka produce (acks=all)', () => producer.send({ topic, messages: [{ key: 'smoke', value: expected }] }));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await timed('kafka group join + consume', async () => {
      const received = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('kafka: no message consumed within 30 s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value?.toString('utf8') ?? '');
          },
        });
      });
      const value = await received;
      if (value !== expected) throw new Error(`kafka: consumed "${value}", expected "${expected}"`);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

async function postgresQuery(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const result = await client.query<{ one: number }>('select 1 as one');
    if (result.rows[0]?.one !== 1) throw new Error(`postgres: select 1 returned ${JSON.stringify(result.rows)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Every process whose argv mentions the smoke folder, plus the pids we know of, that is still alive. */
async function leftovers(root: string, pids: number[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pid of pids) if (await isAlive(pid)) found.add(`pid ${pid}: ${(await commandLine(pid))?.join(' ') ?? '?'}`);
  for (const pid of await listPids()) {
    if (pid === process.pid) continue;
    const args = await commandLine(pid);
    if (args?.some((arg) => arg.includes(root)) && (await isAlive(pid))) found.add(`pid ${pid}: ${args.join(' ')}`);
  }
  return [...found];
}

async function main(): Promise<number> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'parley-smoke-'));
  const kafkaDir = path.join(root, 'kafka');
  const postgresDir = path.join(root, 'postgres');
  let kafka: StartedKafka | undefined;
  let postgres: StartedPostgres | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([stopKafka(kafkaDir), stopPostgres(postgresDir)]);
  };
  const onSignal = (): void => {
    process.stderr.write('\nsmoke: interrupted, stopping Kafka and Postgres...\n');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failed = false;
  const knownPids: number[] = [];
  try {
    const libs = await timed('kafka artifacts (ensureKafkaArtifacts)', ensureKafkaArtifacts);
    const { jars, bytes } = await describeArtifacts(libs);
    console.log(`kafka jars: ${jars} files, ${(bytes / 1048576).toFixed(1)} MB in ${libs}`);

    const startKafkaTimed = () =>
      timed('kafka start to ready (incl. format)', () =>
        startKafka({ dataDir: kafkaDir, port: KAFKA_PORT, controllerPort: CONTROLLER_PORT }),
      );
    const startPostgresTimed = () =>
      timed('postgres start to ready (incl. initdb)', () =>
        startPostgres({ dataDir: postgresDir, port: POSTGRES_PORT, persistent: false }),
      );
    const bothStarted = performance.now();
    if (sequential) {
      kafka = await startKafkaTimed();
      postgres = await startPostgresTimed();
    } else {
      [kafka, postgres] = await Promise.all([startKafkaTimed(), startPostgresTimed()]);
    }
    timings.push([`kafka + postgres ready, wall clock (${sequential ? 'sequential' : 'parallel'})`, performance.now() - bothStarted]);
    if (kafka.formatMs !== undefined) timings.push(['  of which kafka format (StorageTool)', kafka.formatMs]);
    timings.push(['  of which kafka JVM spawn to ready', kafka.readyMs]);
    if (postgres.initMs !== undefined) timings.push(['  of which postgres initdb', postgres.initMs]);
    timings.push(['  of which postgres spawn to ready', postgres.readyMs]);
    console.log(`kafka: ${kafka.brokers} (pid ${kafka.pid}); postgres: ${postgres.url} (pid ${String(postgres.pid)})`);
    knownPids.push(kafka.pid);
    if (postgres.pid !== undefined) knownPids.push(postgres.pid, ...(await childPids(postgres.pid)));

    await kafkaRoundTrip(kafka.brokers);
    await timed('postgres select 1', () => postgresQuery(postgres?.url ?? ''));

    await timed('kafka stop', () => stopKafka(kafkaDir));
    await timed('postgres stop', () => stopPostgres(postgresDir));
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await stopAll();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const left = await leftovers(root, knownPids);
  await rm(root, { recursive: true, force: true });

  console.log('\ntimings');
  for (const [label, ms] of timings) console.log(`  ${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
  if (left.length > 0) {
    console.error(`\nFAIL: processes left behind:\n  ${left.join('\n  ')}`);
    return 1;
  }
  console.log('\nno java/postgres process of ours is left');
  if (failed) {
    console.error('FAIL');
    return 1;
  }
  console.log('PASS');
  return 0;
}

process.exitCode = await main();
