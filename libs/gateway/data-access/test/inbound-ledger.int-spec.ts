import { randomUUID } from 'node:crypto';
import { createLogger } from '@parley/platform/observability';
import { testEnvironment } from '@parley/platform/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createGatewayDatabase, type GatewayDatabase } from '../src/gateway.database.ts';
import { InboundLedgerRepository, MARK_WRITE_DELAY_MS } from '../src/inbound/inbound-ledger.repository.ts';

const { databaseUrl } = testEnvironment();
const db = createGatewayDatabase({ url: databaseUrl, schema: 'gateway', poolMax: 5 });
const logger = createLogger({ service: 'gateway', level: 'error' });

async function publishedAt(carrierMessageId: string): Promise<Date | null | undefined> {
  const { rows } = await db.pool.query<{ published_at: Date | null }>('SELECT published_at FROM inbound_messages WHERE carrier_message_id = $1', [
    carrierMessageId,
  ]);
  return rows[0]?.published_at;
}

/** The gateway database with its pool's statements counted, and the next `failing` of them refused. */
function observed(options: { failing?: number } = {}) {
  const seen = { statements: 0, failing: options.failing ?? 0 };
  const pool = {
    query: (...args: Parameters<typeof db.pool.query>) => {
      seen.statements += 1;
      if (seen.failing > 0) {
        seen.failing -= 1;
        return Promise.reject(new Error('connection terminated'));
      }
      return (db.pool.query as (...query: unknown[]) => Promise<unknown>)(...args);
    },
  };
  return { db: { pool } as unknown as GatewayDatabase, seen };
}

const tenantId = `ten_${randomUUID()}`;
const claimOf = (ledger: InboundLedgerRepository, carrierMessageId: string) => ledger.claim(carrierMessageId, `msg_${randomUUID()}`, tenantId, new Date());

describe('the inbound ledger', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it('claims a message once and returns the first record to every later claim', async () => {
    const ledger = new InboundLedgerRepository(db, logger);
    const carrierMessageId = randomUUID();
    const first = await claimOf(ledger, carrierMessageId);
    expect(first).toMatchObject({ tenantId, published: false });
    expect(await claimOf(ledger, carrierMessageId)).toEqual(first);
  });

  it('answers a replay from memory at once and writes the mark behind it', async () => {
    const ledger = new InboundLedgerRepository(db, logger);
    const carrierMessageId = randomUUID();
    const claim = await claimOf(ledger, carrierMessageId);
    ledger.markPublished({ carrierMessageId, ...claim }, new Date());

    expect(await claimOf(ledger, carrierMessageId)).toEqual({ ...claim, published: true });

    await new Promise((resolve) => setTimeout(resolve, MARK_WRITE_DELAY_MS * 5));
    expect(await publishedAt(carrierMessageId)).toBeInstanceOf(Date);
    // Another gateway instance, with nothing in memory, reads the mark from the table.
    expect(await claimOf(new InboundLedgerRepository(db, logger), carrierMessageId)).toEqual({ ...claim, published: true });
  });

  it('writes waiting marks in the statement of the next claims', async () => {
    const { db: counted, seen } = observed();
    const ledger = new InboundLedgerRepository(counted, logger);
    const earlier = Array.from({ length: 5 }, () => randomUUID());
    const claims = await Promise.all(earlier.map((id) => claimOf(ledger, id)));
    earlier.forEach((carrierMessageId, index) => ledger.markPublished({ carrierMessageId, ...(claims[index] as (typeof claims)[number]) }, new Date()));

    const later = randomUUID();
    const before = seen.statements;
    expect(await claimOf(ledger, later)).toMatchObject({ published: false });
    expect(seen.statements - before).toBe(1);
    for (const carrierMessageId of earlier) {
      expect(await publishedAt(carrierMessageId)).toBeInstanceOf(Date);
    }
    expect(await publishedAt(later)).toBeNull();
  });

  it('answers a claim whose own mark travels in the same statement as published', async () => {
    const ledger = new InboundLedgerRepository(db, logger);
    const carrierMessageId = randomUUID();
    const claim = await claimOf(ledger, carrierMessageId);
    // Queued behind a statement in flight, the replay's claim and then the original's mark leave together.
    const inFlight = claimOf(ledger, randomUUID());
    const replay = claimOf(ledger, carrierMessageId);
    ledger.markPublished({ carrierMessageId, ...claim }, new Date());
    await inFlight;
    expect(await replay).toEqual({ ...claim, published: true });
    await ledger.flushMarks();
    expect(await publishedAt(carrierMessageId)).toBeInstanceOf(Date);
  });

  it('keeps marks whose write failed and writes them with a later statement', async () => {
    const { db: flaky, seen } = observed();
    const ledger = new InboundLedgerRepository(flaky, logger);
    const carrierMessageId = randomUUID();
    const claim = await claimOf(ledger, carrierMessageId);
    ledger.markPublished({ carrierMessageId, ...claim }, new Date());
    seen.failing = 1;
    await expect(claimOf(ledger, randomUUID())).rejects.toThrow('connection terminated');
    expect(await claimOf(ledger, carrierMessageId)).toEqual({ ...claim, published: true });
    await ledger.flushMarks();
    expect(await publishedAt(carrierMessageId)).toBeInstanceOf(Date);
  });

  it('writes every waiting mark before the application shuts down', async () => {
    const ledger = new InboundLedgerRepository(db, logger);
    const ids = Array.from({ length: 3 }, () => randomUUID());
    for (const carrierMessageId of ids) {
      const claim = await claimOf(ledger, carrierMessageId);
      ledger.markPublished({ carrierMessageId, ...claim }, new Date());
    }
    await ledger.beforeApplicationShutdown();
    for (const carrierMessageId of ids) {
      expect(await publishedAt(carrierMessageId)).toBeInstanceOf(Date);
    }
  });
});
