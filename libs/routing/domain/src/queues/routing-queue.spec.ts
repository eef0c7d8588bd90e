import { describe, expect, it } from 'vitest';
import { effectiveQueue, findOverflowCycle, routingQueueSchema, type RoutingQueue } from './routing-queue.ts';

const NOW = new Date('2025-03-03T10:00:00.000Z');

function queuedSecondsAgo(queue: string, seconds: number): { queue: string; queuedSince: Date } {
  return { queue, queuedSince: new Date(NOW.getTime() - seconds * 1000) };
}

function queueMap(...queues: RoutingQueue[]): ReadonlyMap<string, RoutingQueue> {
  return new Map(queues.map((queue) => [queue.key, queue]));
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = routingQueueSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('routingQueueSchema', () => {
  it('accepts a queue with and without overflow, typed as a RoutingQueue', () => {
    const plain: RoutingQueue = routingQueueSchema.parse({ key: 'sales', priority: 50, serviceLevelSeconds: 120 });
    const overflowing: RoutingQueue = routingQueueSchema.parse({
      key: 'billing-es',
      priority: 0,
      serviceLevelSeconds: 86_400,
      overflow: { afterSeconds: 300, toQueue: 'billing' },
    });

    expect(plain).toEqual({ key: 'sales', priority: 50, serviceLevelSeconds: 120 });
    expect(overflowing.overflow).toEqual({ afterSeconds: 300, toQueue: 'billing' });
  });

  it.each([
    ['an upper-case key', { key: 'Sales', priority: 1, serviceLevelSeconds: 60 }, 'key'],
    ['a key starting with a dash', { key: '-sales', priority: 1, serviceLevelSeconds: 60 }, 'key'],
    ['a key of 65 characters', { key: 'a'.repeat(65), priority: 1, serviceLevelSeconds: 60 }, 'key'],
    ['a negative priority', { key: 'sales', priority: -1, serviceLevelSeconds: 60 }, 'priority'],
    ['a priority above 100', { key: 'sales', priority: 101, serviceLevelSeconds: 60 }, 'priority'],
    ['a fractional priority', { key: 'sales', priority: 1.5, serviceLevelSeconds: 60 }, 'priority'],
    ['a service level of 0 seconds', { key: 'sales', priority: 1, serviceLevelSeconds: 0 }, 'serviceLevelSeconds'],
    ['a service level over a day', { key: 'sales', priority: 1, serviceLevelSeconds: 86_401 }, 'serviceLevelSeconds'],
    ['an overflow after 0 seconds', { key: 'sales', priority: 1, serviceLevelSeconds: 60, overflow: { afterSeconds: 0, toQueue: 'general' } }, 'overflow.afterSeconds'],
    ['an overflow to a malformed key', { key: 'sales', priority: 1, serviceLevelSeconds: 60, overflow: { afterSeconds: 30, toQueue: 'General' } }, 'overflow.toQueue'],
    ['an overflow into itself', { key: 'sales', priority: 1, serviceLevelSeconds: 60, overflow: { afterSeconds: 30, toQueue: 'sales' } }, 'overflow.toQueue'],
    ['a misspelt field', { key: 'sales', priority: 1, serviceLevelSeconds: 60, servicelevel: 30 }, ''],
  ])('rejects %s', (_, input, path) => {
    expect(issuesOf(input).map((issue) => issue.path)).toEqual([path]);
  });

  it('says why an overflow into itself is refused', () => {
    expect(issuesOf({ key: 'sales', priority: 1, serviceLevelSeconds: 60, overflow: { afterSeconds: 30, toQueue: 'sales' } })).toEqual([
      { path: 'overflow.toQueue', message: 'a queue cannot overflow into itself' },
    ]);
  });
});

describe('effectiveQueue', () => {
  const sales: RoutingQueue = { key: 'sales', priority: 50, serviceLevelSeconds: 60, overflow: { afterSeconds: 120, toQueue: 'general' } };
  const general: RoutingQueue = { key: 'general', priority: 10, serviceLevelSeconds: 300 };

  it('keeps a conversation in a queue without overflow however long it waits', () => {
    expect(effectiveQueue(queuedSecondsAgo('general', 86_400), queueMap(sales, general), NOW)).toEqual({ queue: 'general', overflowed: false });
  });

  it('keeps a conversation in its queue until it has waited afterSeconds, then moves it', () => {
    const queues = queueMap(sales, general);

    expect(effectiveQueue(queuedSecondsAgo('sales', 119), queues, NOW)).toEqual({ queue: 'sales', overflowed: false });
    expect(effectiveQueue(queuedSecondsAgo('sales', 120), queues, NOW)).toEqual({ queue: 'general', overflowed: true });
  });

  it('walks a chain by the total wait since queuedSince', () => {
    const queues = queueMap(sales, { ...general, overflow: { afterSeconds: 600, toQueue: 'overflow' } }, { key: 'overflow', priority: 0, serviceLevelSeconds: 900 });

    expect(effectiveQueue(queuedSecondsAgo('sales', 300), queues, NOW)).toEqual({ queue: 'general', overflowed: true });
    expect(effectiveQueue(queuedSecondsAgo('sales', 600), queues, NOW)).toEqual({ queue: 'overflow', overflowed: true });
  });

  it('takes several hops at once when later thresholds are shorter', () => {
    const queues = queueMap(sales, { ...general, overflow: { afterSeconds: 30, toQueue: 'overflow' } }, { key: 'overflow', priority: 0, serviceLevelSeconds: 900 });

    expect(effectiveQueue(queuedSecondsAgo('sales', 120), queues, NOW)).toEqual({ queue: 'overflow', overflowed: true });
  });

  it('stops a cycle before the first queue it would revisit', () => {
    const twoWay = queueMap(sales, { ...general, overflow: { afterSeconds: 10, toQueue: 'sales' } });
    const threeWay = queueMap(
      sales,
      { ...general, overflow: { afterSeconds: 10, toQueue: 'vip' } },
      { key: 'vip', priority: 90, serviceLevelSeconds: 30, overflow: { afterSeconds: 10, toQueue: 'sales' } },
    );

    expect(effectiveQueue(queuedSecondsAgo('sales', 3600), twoWay, NOW)).toEqual({ queue: 'general', overflowed: true });
    expect(effectiveQueue(queuedSecondsAgo('general', 3600), twoWay, NOW)).toEqual({ queue: 'sales', overflowed: true });
    expect(effectiveQueue(queuedSecondsAgo('sales', 3600), threeWay, NOW)).toEqual({ queue: 'vip', overflowed: true });
  });

  it('keeps a conversation in an unknown queue where it is', () => {
    expect(effectiveQueue(queuedSecondsAgo('returns', 3600), queueMap(sales, general), NOW)).toEqual({ queue: 'returns', overflowed: false });
  });

  it('does not overflow into a queue that is not defined', () => {
    const queues = queueMap({ ...sales, overflow: { afterSeconds: 60, toQueue: 'deleted' } }, general);

    expect(effectiveQueue(queuedSecondsAgo('sales', 3600), queues, NOW)).toEqual({ queue: 'sales', overflowed: false });
  });

  it('does not overflow a conversation queued after now, as a skewed clock can report', () => {
    expect(effectiveQueue(queuedSecondsAgo('sales', -500), queueMap(sales, general), NOW)).toEqual({ queue: 'sales', overflowed: false });
  });
});

describe('findOverflowCycle', () => {
  const queueOf = (key: string, toQueue?: string) => ({ key, priority: 0, serviceLevelSeconds: 60, ...(toQueue ? { overflow: { afterSeconds: 60, toQueue } } : {}) });

  it('finds none in a chain', () => {
    expect(findOverflowCycle([queueOf('a', 'b'), queueOf('b', 'c'), queueOf('c')])).toBeUndefined();
  });

  it('names the queues of a cycle', () => {
    expect(findOverflowCycle([queueOf('a', 'b'), queueOf('b', 'c'), queueOf('c', 'a')])).toEqual(['a', 'b', 'c']);
    expect(findOverflowCycle([queueOf('x', 'a'), queueOf('a', 'b'), queueOf('b', 'a')])).toEqual(['a', 'b']);
  });

  it('ignores overflow into a queue that is not defined', () => {
    expect(findOverflowCycle([queueOf('a', 'ghost')])).toBeUndefined();
  });
});
