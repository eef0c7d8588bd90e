import { DomainError, probeForwarded, probeStarted } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../observability/metrics.ts';
import type { EventBatchHandler, EventContext } from './event-context.ts';
import { MessageProcessor, type DeadLetter, type HandlerBinding, type IncomingMessage } from './message-processor.ts';

const payload = {
  probeId: 'probe-0000000001',
  startedAt: '2026-11-29T10:00:00.000Z',
  nextService: 'compliance-filter' as const,
  hops: [],
};

function messageOf(value: unknown, offset = '7'): IncomingMessage {
  return {
    topic: 'diagnostics.probes',
    partition: 0,
    offset,
    key: Buffer.from('probe-0000000001'),
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: { traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') },
  };
}

function setup(handle: HandlerBinding['handle'], maxAttempts = 3, batch?: EventBatchHandler) {
  const letters: DeadLetter[] = [];
  const sleeps: number[] = [];
  const metrics = new MetricsRegistry('compliance-filter', { collectProcessMetrics: false });
  const abort = new AbortController();
  const processor = new MessageProcessor({
    service: 'compliance-filter',
    consumer: 'compliance-filter.probes',
    bindings: [{ definition: probeStarted, handle }],
    retry: { maxAttempts, initialMs: 100, maxMs: 1_000 },
    deadLetter: async (letter) => {
      letters.push(letter);
    },
    metrics,
    logger: pino({ level: 'silent' }),
    signal: abort.signal,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(batch === undefined ? {} : { batch: { handle: batch, maxEvents: 100 } }),
  });
  return { processor, letters, sleeps, metrics, abort };
}

const heartbeat = async () => {};

describe('MessageProcessor', () => {
  it('hands a valid event to its handler with where it came from', async () => {
    const seen: { event: unknown; context: EventContext }[] = [];
    const { processor } = setup(async (event, context) => {
      seen.push({ event, context });
    });
    const event = buildEvent(probeStarted, payload);
    expect(await processor.process(messageOf(event), heartbeat)).toBe('processed');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.event).toEqual(event);
    expect(seen[0]?.context).toMatchObject({ consumer: 'compliance-filter.probes', offset: '7', attempt: 1 });
    expect(seen[0]?.context.headers['traceparent']).toMatch(/^00-/);
  });

  it('retries a transient failure with growing delays and then succeeds', async () => {
    let calls = 0;
    const { processor, sleeps, letters } = setup(async () => {
      calls += 1;
      if (calls < 3) {
        throw new Error('connection reset');
      }
    });
    expect(await processor.process(messageOf(buildEvent(probeStarted, payload)), heartbeat)).toBe('processed');
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(letters).toEqual([]);
  });

  it('dead-letters an event whose retries are exhausted, keeping the original bytes', async () => {
    const { processor, letters } = setup(async () => {
      throw new Error('still down');
    });
    const message = messageOf(buildEvent(probeStarted, payload));
    expect(await processor.process(message, heartbeat)).toBe('dead_lettered');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ reason: 'retries-exhausted', attempts: 3, error: 'Error: still down' });
    expect(letters[0]?.message.value).toEqual(message.value);
  });

  it('dead-letters at once an error that cannot heal', async () => {
    let calls = 0;
    const { processor, letters } = setup(async () => {
      calls += 1;
      throw new DomainError('conflict', 'probe.already-complete', 'probe already complete');
    });
    expect(await processor.process(messageOf(buildEvent(probeStarted, payload)), heartbeat)).toBe('dead_lettered');
    expect(calls).toBe(1);
    expect(letters[0]).toMatchObject({ reason: 'handler-rejected', attempts: 1 });
  });

  it.each([
    ['invalid-json', '{not json'],
    ['invalid-envelope', { hello: 'world' }],
    // A handled type and version with a broken header: the event's own schema refuses it, the header's names why.
    ['invalid-envelope', { ...buildEvent(probeStarted, payload), eventId: 'not-a-uuid' }],
    ['invalid-event', { ...buildEvent(probeStarted, payload), payload: { probeId: 'x' } }],
    ['unsupported-version', { ...buildEvent(probeStarted, payload), schemaVersion: 9 }],
  ])('dead-letters %s without calling the handler', async (reason, value) => {
    let calls = 0;
    const { processor, letters } = setup(async () => {
      calls += 1;
    });
    expect(await processor.process(messageOf(value), heartbeat)).toBe('dead_lettered');
    expect(calls).toBe(0);
    expect(letters[0]?.reason).toBe(reason);
  });

  it('ignores event types the consumer does not handle', async () => {
    const { processor, letters } = setup(async () => {
      throw new Error('must not be called');
    });
    expect(await processor.process(messageOf(buildEvent(probeForwarded, payload)), heartbeat)).toBe('ignored');
    expect(letters).toEqual([]);
  });

  it('gives up retrying without committing when the service is stopping', async () => {
    const { processor, abort, letters } = setup(async () => {
      abort.abort();
      throw new Error('database going away');
    });
    expect(await processor.process(messageOf(buildEvent(probeStarted, payload)), heartbeat)).toBe('aborted');
    expect(letters).toEqual([]);
  });

  it('counts outcomes per topic and consumer', async () => {
    const { processor, metrics } = setup(async () => {});
    await processor.process(messageOf(buildEvent(probeStarted, payload)), heartbeat);
    await processor.process(messageOf('{'), heartbeat);
    const text = (await metrics.render()).body;
    expect(text).toContain('parley_messages_consumed_total{topic="diagnostics.probes",consumer="compliance-filter.probes",outcome="processed",service="compliance-filter"} 1');
    expect(text).toContain('outcome="dead_lettered",service="compliance-filter"} 1');
  });

  describe('batches', () => {
    const probe = (n: number) => buildEvent(probeStarted, { ...payload, probeId: `probe-${String(n).padStart(10, '0')}` });

    it('hands the valid events to the batch handler in order and dead-letters an invalid one alone', async () => {
      const batches: { ids: string[]; offsets: string[] }[] = [];
      let single = 0;
      const { processor, letters } = setup(
        async () => {
          single += 1;
        },
        3,
        async (events) => {
          batches.push({
            ids: events.map(({ event }) => (event as { payload: { probeId: string } }).payload.probeId),
            offsets: events.map(({ context }) => context.offset),
          });
        },
      );
      expect(processor.batched).toBe(true);
      const outcome = await processor.processBatch([messageOf(probe(1), '1'), messageOf('{oops', '2'), messageOf(probe(3), '3')], heartbeat);
      expect(outcome).toBe('processed');
      expect(batches).toEqual([{ ids: ['probe-0000000001', 'probe-0000000003'], offsets: ['1', '3'] }]);
      expect(single).toBe(0);
      expect(letters.map((letter) => [letter.reason, letter.message.offset])).toEqual([['invalid-json', '2']]);
    });

    it('falls back to one event at a time when the batch handler fails, dead-lettering only the poison event', async () => {
      const handled: string[] = [];
      const { processor, letters } = setup(
        async (event) => {
          const id = (event as { payload: { probeId: string } }).payload.probeId;
          if (id === 'probe-0000000002') {
            throw new Error('cannot store this one');
          }
          handled.push(id);
        },
        2,
        async () => {
          throw new Error('the batch holds a poison event');
        },
      );
      const outcome = await processor.processBatch([1, 2, 3].map((n) => messageOf(probe(n), String(n))), heartbeat);
      expect(outcome).toBe('processed');
      expect(handled).toEqual(['probe-0000000001', 'probe-0000000003']);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ reason: 'retries-exhausted', attempts: 2 });
      expect(letters[0]?.message.offset).toBe('2');
    });

    it('processes one message at a time without a batch handler', async () => {
      let calls = 0;
      const { processor } = setup(async () => {
        calls += 1;
      });
      expect(processor.batched).toBe(false);
      expect(await processor.processBatch([messageOf(probe(1), '1'), messageOf(probe(2), '2')], heartbeat)).toBe('processed');
      expect(calls).toBe(2);
    });
  });
});
