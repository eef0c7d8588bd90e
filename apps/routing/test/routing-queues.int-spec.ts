import { waitFor } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingHarness } from './routing-harness.ts';

/** Reporting counts against each queue's service-level threshold: routing tells it the tenant's queues after each change. */
describe("routing's queue settings on Kafka", () => {
  const routing = new RoutingHarness();
  const published: { tenantId: string; payload: { queues: { queue: string; serviceLevelSeconds: number; overflow: unknown }[] } }[] = [];
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    await routing.start();
    stop = await routing.kafka.follow(['routing.queues'], (message) => {
      const event = JSON.parse(message.value ?? '{}') as (typeof published)[number];
      if (message.key === routing.tenantId && event.tenantId === routing.tenantId) {
        published.push(event);
      }
    });
  });

  afterAll(async () => {
    await stop?.();
    await routing.stop();
  });

  it('publishes every queue of the tenant after a save and after a delete, keyed by tenant', async () => {
    await routing.put('/queues/sla-sales', { priority: 0, serviceLevelSeconds: 30 });
    await routing.put('/queues/sla-billing', { priority: 5, serviceLevelSeconds: 120, overflow: { afterSeconds: 600, toQueue: 'sla-sales' } });
    const both = await waitFor('both queues published', () => published.find((event) => event.payload.queues.length === 2));
    expect(both.payload.queues).toEqual([
      { queue: 'sla-billing', priority: 5, serviceLevelSeconds: 120, overflow: { afterSeconds: 600, toQueue: 'sla-sales' } },
      { queue: 'sla-sales', priority: 0, serviceLevelSeconds: 30, overflow: null },
    ]);
    expect((await routing.admin('/queues/sla-billing', 'DELETE')).status).toBe(204);
    const after = await waitFor('the delete published', () => published.at(-1)?.payload.queues.length === 1 && published.at(-1));
    expect(after?.payload.queues.map((queue) => queue.queue)).toEqual(['sla-sales']);
  });
});
