import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildEvent } from '@parley/contracts/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaTestClient, testEnvironment, waitFor } from '../src/testing/index.ts';
import { thingHappened } from './fixtures/test-events.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();
const EVENTS = 200;
const CRASH_AFTER = 60;

interface Run {
  process: ChildProcess;
  lines: { n: number; applied: boolean }[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startConsumer(env: Record<string, string>): Run {
  const child = spawn(
    process.execPath,
    ['--conditions=parley-source', '--disable-warning=ExperimentalWarning', join(import.meta.dirname, 'fixtures', 'crash-consumer.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: Run['lines'] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(JSON.parse(line) as Run['lines'][number]);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { process: child, lines, exited };
}

describe('a consumer killed mid-stream', () => {
  const client = new KafkaTestClient(kafkaBrokers);
  const schema = `crash_${randomUUID().slice(0, 8)}`;
  const sql = new pg.Client({ connectionString: databaseUrl });

  beforeAll(async () => {
    await Promise.all([client.connect(), sql.connect()]);
    await sql.query(`CREATE SCHEMA ${schema}`);
    await sql.query(`CREATE TABLE ${schema}.processed_events (consumer TEXT NOT NULL, event_id UUID NOT NULL, PRIMARY KEY (consumer, event_id))`);
    // No unique key on purpose: an event applied twice would show up as two rows.
    await sql.query(`CREATE TABLE ${schema}.applied (event_id UUID NOT NULL, n INT NOT NULL)`);
  });

  afterAll(async () => {
    await sql.query(`DROP SCHEMA ${schema} CASCADE`);
    await Promise.all([client.disconnect(), sql.end()]);
  });

  it('loses no event and applies none twice after a restart', async () => {
    const topic = await client.createTopicPair('test.crash', 3);
    const definition = thingHappened(topic);
    await client.produce(
      topic,
      Array.from({ length: EVENTS }, (_, index) => {
        const thingId = `thing-${String(index).padStart(6, '0')}`;
        return { key: thingId, value: JSON.stringify(buildEvent(definition, { thingId, n: index })) };
      }),
    );
    const env = { KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000', KAFKA_BROKERS: kafkaBrokers, DATABASE_URL: databaseUrl, TOPIC: topic, GROUP: `gateway.crash-${topic}`, SCHEMA: schema };

    const first = startConsumer({ ...env, CRASH_AFTER: String(CRASH_AFTER) });
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first.lines.filter((line) => line.applied)).toHaveLength(CRASH_AFTER);

    const second = startConsumer(env);
    try {
      await waitFor(
        'every event applied',
        async () =>
          Number((await sql.query<{ c: string }>(`SELECT count(DISTINCT event_id) AS c FROM ${schema}.applied`)).rows[0]?.c) === EVENTS,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }

    const { rows } = await sql.query<{ total: string; distinct_events: string }>(
      `SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_events FROM ${schema}.applied`,
    );
    expect(rows[0]).toEqual({ total: String(EVENTS), distinct_events: String(EVENTS) });
    // The event being handled at the crash was committed to the database but not to Kafka: it came back, and the
    // inbox turned it away.
    expect(second.lines.filter((line) => !line.applied).length).toBeGreaterThanOrEqual(1);
    const committed = await client.committedOffsets(`gateway.crash-${topic}`, topic);
    const total = Object.values(committed).reduce((sum, offset) => sum + Number(offset), 0);
    expect(total).toBe(EVENTS);
  });
});
