import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inbox, PROCESSED_EVENTS_TABLE } from '../src/persistence/inbox.ts';
import { testEnvironment } from '../src/testing/index.ts';
import type { PoolDatabase } from '../src/persistence/pool-database.ts';
import { poolDatabase } from './fixtures/pool-database.ts';

const { databaseUrl } = testEnvironment();

describe('the inbox on a pool database against PostgreSQL', () => {
  const schema = `inbox_${randomUUID().slice(0, 8)}`;
  const sql = new pg.Client({ connectionString: databaseUrl });
  let db: PoolDatabase;

  beforeAll(async () => {
    await sql.connect();
    await sql.query(`CREATE SCHEMA ${schema}`);
    await sql.query(
      `CREATE TABLE ${schema}.${PROCESSED_EVENTS_TABLE} (consumer TEXT NOT NULL, event_id UUID NOT NULL,
         processed_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))`,
    );
    db = poolDatabase(databaseUrl, schema);
  });

  afterAll(async () => {
    await db.$disconnect();
    await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.end();
  });

  it('applies work once per event id, and skips a redelivery', async () => {
    const inbox = new Inbox(db);
    const eventId = randomUUID();
    let runs = 0;
    const first = await inbox.runOnce('consumer-a', eventId, async () => ++runs);
    const again = await inbox.runOnce('consumer-a', eventId, async () => ++runs);
    expect([first, again, runs]).toEqual([{ applied: true, result: 1 }, { applied: false }, 1]);
    expect(await inbox.hasProcessed('consumer-a', eventId)).toBe(true);
  });

  it('records nothing when the work fails, so a redelivery runs it again', async () => {
    const inbox = new Inbox(db);
    const eventId = randomUUID();
    await expect(inbox.runOnce('consumer-c', eventId, async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(await inbox.hasProcessed('consumer-c', eventId)).toBe(false);
    expect(await inbox.runOnce('consumer-c', eventId, async () => 'done')).toEqual({ applied: true, result: 'done' });
    expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
  });

  it('prunes only the ids handled before the cut-off, in batches', async () => {
    const inbox = new Inbox(db);
    const now = Date.now();
    const old = Array.from({ length: 25 }, () => randomUUID());
    const recent = Array.from({ length: 5 }, () => randomUUID());
    for (const [ids, ageDays] of [
      [old, 40],
      [recent, 1],
    ] as const) {
      await sql.query(
        `INSERT INTO ${schema}.${PROCESSED_EVENTS_TABLE} (consumer, event_id, processed_at) SELECT 'consumer-b', id, $2 FROM unnest($1::uuid[]) AS id`,
        [ids, new Date(now - ageDays * 86_400_000)],
      );
    }
    expect(await inbox.prune(new Date(now - 31 * 86_400_000), 10)).toBe(25);
    const { rows } = await sql.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.${PROCESSED_EVENTS_TABLE} WHERE consumer = 'consumer-b'`);
    expect(rows.map((row) => row.event_id).sort()).toEqual([...recent].sort());
  });
});
