import {
  conversationAssigned,
  conversationClosed,
  conversationMenuPrompted,
  conversationQueued,
  type EventDefinition,
  type EventOf,
} from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ANA, EventScript, at, scriptedMorning } from '../../test/scripted-day.ts';
import type { ReportRow } from '../rows/report-rows.ts';
import { advanceWatermark, applyEvent, createReportingState, flushRows, rowsFor, type ReportingState } from './reporting-engine.ts';

/** A seeded shuffle, so a failing order can be replayed. */
function shuffled<TItem>(items: readonly TItem[], seed: number): TItem[] {
  const copy = [...items];
  let value = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    value = (value * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = value % (index + 1);
    [copy[index], copy[other]] = [copy[other] as TItem, copy[index] as TItem];
  }
  return copy;
}

function run(batches: readonly (readonly EventOf<EventDefinition>[])[], clocks: readonly string[]): ReportRow[][] {
  const state = createReportingState();
  return batches.map((batch, index) => {
    for (const event of batch) {
      applyEvent(state, event);
    }
    return [...advanceWatermark(state, new Date(at(clocks[index] ?? '23:00:00'))).rows];
  });
}

describe('replaying the same events', () => {
  const { events } = scriptedMorning();
  const early = events.filter((event) => event.occurredAt < at('09:15:00'));
  const later = events.filter((event) => event.occurredAt >= at('09:15:00'));
  const clocks = ['09:20:00', '09:45:00', '10:30:00'];
  const expected = run([early, later, []], clocks);

  it.each([1, 7, 42, 2024])('publishes identical rows, revisions included, for shuffled and duplicated deliveries (seed %i)', (seed) => {
    const redelivered = (batch: readonly EventOf<EventDefinition>[]) => shuffled([...batch, ...shuffled(batch, seed + 1).slice(0, 10)], seed);
    expect(run([redelivered(early), redelivered(later), []], clocks)).toEqual(expected);
  });

  it('revises provisional rows between publications and finishes every row', () => {
    const [first, second, third] = expected;
    expect(first?.some((row) => row.kind === 'interval' && row.row.intervalStart === at('09:00:00') && !row.row.final)).toBe(true);
    expect(second?.some((row) => row.kind === 'interval' && row.row.queue === 'sales' && row.row.intervalStart === at('09:00:00') && row.row.revision === 2 && row.row.final)).toBe(
      true,
    );
    // At 10:30 the watermark is 10:15: everything before is final; only the agents' 10:15 rows stay open.
    expect(third?.filter((row) => !row.row.final).map((row) => row.kind === 'agent-interval' && row.row.intervalStart)).toEqual([at('10:15:00'), at('10:15:00')]);
  });
});

describe('the watermark', () => {
  function quietMorning(): { state: ReportingState; script: EventScript } {
    const state = createReportingState();
    for (const event of scriptedMorning().events) {
      applyEvent(state, event);
    }
    advanceWatermark(state, new Date(at('09:45:00')));
    return { state, script: new EventScript() };
  }

  it('revises a published row with revision + 1 when a late event arrives within the lateness', () => {
    const { state, script } = quietMorning();
    const g = 'conv-g-000007';
    script.queued(g, '09:40:00', 'sales', 'single-queue');
    script.assigned(g, '09:41:00', ANA, 'sales', 60);
    script.reply(g, '09:42:00', ANA, 1, '09:42:01');
    for (const event of script.events.splice(0)) {
      expect(applyEvent(state, event).outcome).toBe('applied');
    }
    const first = advanceWatermark(state, new Date(at('09:50:00'))).rows.find((row) => row.kind === 'interval' && row.row.queue === 'sales');
    expect(first?.row).toMatchObject({ intervalStart: at('09:30:00'), revision: 1, final: false, offered: 1, answered: 1, averageWaitSeconds: 120 });

    // Watermark is 09:35; a conversation queued at 09:36 reaches us only now.
    const h = 'conv-h-000008';
    script.queued(h, '09:36:00', 'sales', 'single-queue');
    script.assigned(h, '09:36:10', ANA, 'sales', 10);
    script.reply(h, '09:36:30', ANA, 1, '09:36:31');
    const results = script.events.splice(0).map((event) => applyEvent(state, event));
    expect(results.map((result) => result.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(results[0]?.changedRowKeys).toEqual([{ kind: 'interval', tenantId: 'tenant-acme-01', intervalStart: at('09:30:00'), queue: 'sales', channel: 'sms' }]);
    expect(rowsFor(state, results[0]?.changedRowKeys ?? [])[0]?.row).toMatchObject({ revision: 2, final: false, offered: 2 });

    const revised = advanceWatermark(state, new Date(at('09:52:00'))).rows.find((row) => row.kind === 'interval' && row.row.queue === 'sales');
    expect(revised?.row).toMatchObject({ revision: 2, final: false, offered: 2, answered: 2, averageWaitSeconds: 75, p90WaitSeconds: 120, answeredWithinThreshold: 1 });

    const finished = advanceWatermark(state, new Date(at('10:00:00'))).rows.find((row) => row.kind === 'interval' && row.row.queue === 'sales');
    expect(finished?.row).toMatchObject({ revision: 3, final: true, offered: 2 });
    expect(flushRows(state)).toEqual([]);
  });

  it('reports an event older than the watermark as too late and changes nothing', () => {
    const { state, script } = quietMorning();
    script.queued('conv-late-000009', '09:29:59', 'sales', 'single-queue');
    const result = applyEvent(state, script.events[0]);
    expect(result).toMatchObject({ outcome: 'too-late', changedRowKeys: [] });
    expect(result.reason).toContain('watermark');
    expect(flushRows(state)).toEqual([]);
  });

  it('reports a straggler of a conversation whose record is final as too late', () => {
    const state = createReportingState();
    const script = new EventScript();
    script.queued('conv-k-000010', '09:00:00', 'sales');
    script.assigned('conv-k-000010', '09:01:00', ANA, 'sales', 60);
    script.closed('conv-k-000010', '09:02:00', ANA, 'sales');
    for (const event of script.events.splice(0)) {
      applyEvent(state, event);
    }
    const rows = advanceWatermark(state, new Date(at('09:17:01'))).rows;
    expect(rows.find((row) => row.kind === 'conversation')?.row.final).toBe(true);
    // Watermark 09:02:01: an event at 09:10 is timely by the clock but its conversation's record is final.
    script.reply('conv-k-000010', '09:10:00', ANA, 1, '09:10:01');
    expect(applyEvent(state, script.events[0]).outcome).toBe('too-late');
  });

  it('treats a redelivered event as a duplicate and leaves rows unchanged', () => {
    const state = createReportingState();
    const script = new EventScript();
    const queued = script.queued('conv-m-000011', '09:00:00', 'sales');
    expect(applyEvent(state, queued).outcome).toBe('applied');
    expect(applyEvent(state, structuredClone(queued))).toEqual({ outcome: 'duplicate', changedRowKeys: [] });
    expect(flushRows(state).find((row) => row.kind === 'interval')?.row).toMatchObject({ offered: 1, revision: 1 });
  });
});

describe('classifying what cannot be applied', () => {
  const script = new EventScript();
  const good = script.build(conversationAssigned, '09:00:00', { offerId: 'offer-00000001', agentId: ANA, queue: 'sales', autoAccepted: true, waitedSeconds: 5, assignedAt: at('09:00:00') }, 'conv-x-000001');

  it('marks unknown event types and unknown versions unsupported', () => {
    const state = createReportingState();
    expect(applyEvent(state, { ...good, type: 'conversation.mood.changed' })).toMatchObject({ outcome: 'unsupported', reason: 'unknown event type conversation.mood.changed' });
    expect(applyEvent(state, { ...good, schemaVersion: 2 })).toMatchObject({ outcome: 'unsupported', reason: 'unknown version 2 of conversation.assigned' });
  });

  it('ignores catalogued events that carry no figures', () => {
    const prompt = script.build(conversationMenuPrompted, '09:00:00', { menuId: 'main', menuVersion: 1, nodeId: 'root', attempt: 0, messageId: 'message-000001', promptedAt: at('09:00:00') }, 'conv-x-000001');
    expect(applyEvent(createReportingState(), prompt)).toEqual({ outcome: 'ignored', changedRowKeys: [] });
  });

  it('marks events with missing or malformed fields invalid', () => {
    const state = createReportingState();
    const { agentId: _agentId, ...withoutAgent } = good.payload;
    expect(applyEvent(state, { ...good, payload: withoutAgent })).toMatchObject({ outcome: 'invalid' });
    const { tenantId: _tenantId, ...withoutTenant } = good;
    expect(applyEvent(state, withoutTenant)).toMatchObject({ outcome: 'invalid' });
    const { conversationId: _conversationId, ...withoutConversation } = good;
    expect(applyEvent(state, withoutConversation)).toMatchObject({ outcome: 'invalid' });
    expect(applyEvent(state, 'not an event')).toMatchObject({ outcome: 'invalid' });
    expect(applyEvent(state, { ...good, occurredAt: 'yesterday' })).toMatchObject({ outcome: 'invalid' });
  });

  it('marks clock skew invalid: a payload time far from occurredAt, or an event from the future', () => {
    const state = createReportingState();
    const skewed = { ...good, payload: { ...good.payload, assignedAt: at('10:00:00') } };
    expect(applyEvent(state, skewed).reason).toMatch(/^clock-skew/);
    advanceWatermark(state, new Date(at('09:00:00')));
    const future = script.build(conversationQueued, '09:10:00', { queue: 'sales', priority: 0, queuedSince: at('09:10:00'), reason: 'menu', queuedAt: at('09:10:00') }, 'conv-y-000001');
    expect(applyEvent(state, future)).toMatchObject({ outcome: 'invalid' });
    const closeEnough = script.build(conversationClosed, '09:04:00', { agentId: ANA, queue: 'sales', disposition: 'resolved', closedAt: at('09:04:00') }, 'conv-y-000001');
    expect(applyEvent(state, closeEnough).outcome).toBe('applied');
  });
});

describe('a watermark held by the input', () => {
  it('trails the event time reached instead of the clock, so a backlog is counted rather than too late', () => {
    const state = createReportingState();
    const { events } = scriptedMorning();
    const early = events.filter((event) => event.occurredAt < at('09:10:00'));
    const later = events.filter((event) => event.occurredAt >= at('09:10:00'));
    for (const event of early) {
      applyEvent(state, event);
    }
    // The clock says 10:30, but the consumer has only got to 09:10: nothing of 09:00 may be final yet.
    const held = advanceWatermark(state, new Date(at('10:30:00')), new Date(at('09:10:00')));
    expect(held.watermark).toBe(at('08:55:00'));
    expect(held.rows.some((row) => row.row.final)).toBe(false);
    expect(later.map((event) => applyEvent(state, event).outcome).filter((outcome) => outcome === 'too-late')).toEqual([]);
    const caughtUp = advanceWatermark(state, new Date(at('10:30:00')), new Date(at('10:30:00')));
    expect(caughtUp.watermark).toBe(at('10:15:00'));
    expect(caughtUp.rows.some((row) => row.kind === 'interval' && row.row.intervalStart === at('09:00:00') && row.row.final)).toBe(true);
  });

  it('never moves the watermark back when the input is behind where it was', () => {
    const state = createReportingState();
    advanceWatermark(state, new Date(at('09:30:00')));
    expect(advanceWatermark(state, new Date(at('09:31:00')), new Date(at('09:00:00'))).watermark).toBe(at('09:15:00'));
  });
});
