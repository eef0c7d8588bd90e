import { randomUUID } from 'node:crypto';
import { Inbox } from '@parley/platform/persistence';
import { testEnvironment } from '@parley/platform/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createGatewayDatabase } from '../src/gateway.database.ts';
import { ProbesRepository } from '../src/probes/probes.repository.ts';
import type { Prisma } from '../src/generated/prisma/client.ts';

const { databaseUrl } = testEnvironment();
const db = createGatewayDatabase({ url: databaseUrl, schema: 'gateway', poolMax: 5 });
const inbox = new Inbox(db);
const probes = new ProbesRepository(db);

describe('the inbox on the gateway schema, through Prisma', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it('applies an event once and skips its redelivery', async () => {
    const probeId = `probe-${randomUUID()}`;
    await probes.create(probeId, new Date());
    const eventId = randomUUID();
    const hop = [{ service: 'gateway' as const, receivedAt: new Date().toISOString() }];
    const complete = () =>
      inbox.runOnce('gateway.diagnostics', eventId, (transaction) =>
        probes.complete(probeId, hop, new Date(), transaction as Prisma.TransactionClient),
      );

    expect(await complete()).toEqual({ applied: true, result: true });
    expect(await complete()).toEqual({ applied: false });
    expect(await inbox.hasProcessed('gateway.diagnostics', eventId)).toBe(true);
    expect(await probes.find(probeId)).toMatchObject({ status: 'completed', hops: hop });
  });

  it('lets only one of two concurrent deliveries of the same event do the work', async () => {
    const eventId = randomUUID();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const results = await Promise.all([inbox.runOnce('gateway.race', eventId, work), inbox.runOnce('gateway.race', eventId, work)]);
    expect(results.filter((result) => result.applied)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it('rolls the record back with the work, so a failed attempt can be retried', async () => {
    const eventId = randomUUID();
    await expect(
      inbox.runOnce('gateway.rollback', eventId, async () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await inbox.hasProcessed('gateway.rollback', eventId)).toBe(false);
    expect(await inbox.runOnce('gateway.rollback', eventId, async () => 'done')).toEqual({ applied: true, result: 'done' });
  });
});
