import type { IntervalRow } from '@parley/reporting-domain';
import { describe, expect, it } from 'vitest';
import { queueTotals } from './today-figures.ts';

function row(intervalStart: string, queue: string, channel: 'sms' | 'voice', figures: Partial<IntervalRow>): IntervalRow {
  return {
    tenantId: 'tenant-acme-01',
    intervalStart,
    intervalEnd: new Date(Date.parse(intervalStart) + 15 * 60_000).toISOString(),
    queue,
    channel,
    revision: 1,
    final: false,
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    handled: 0,
    abandoned: 0,
    deflected: 0,
    transferred: 0,
    overflowed: 0,
    averageWaitSeconds: null,
    p90WaitSeconds: null,
    maxWaitSeconds: null,
    averageHandleSeconds: null,
    serviceLevelThresholdSeconds: 60,
    serviceLevel: null,
    messagesReceived: 0,
    segmentsReceived: 0,
    messagesSent: 0,
    segmentsSent: 0,
    ...figures,
  };
}

describe('queueTotals', () => {
  it('adds the counts of each queue and channel and recomputes the service level from the sums', () => {
    const totals = queueTotals([
      row('2025-03-03T09:00:00.000Z', 'sales', 'sms', { offered: 3, answered: 2, answeredWithinThreshold: 2, abandoned: 1, messagesReceived: 7 }),
      row('2025-03-03T09:15:00.000Z', 'sales', 'sms', { offered: 1, answered: 2, answeredWithinThreshold: 0, handled: 2, messagesSent: 4 }),
      row('2025-03-03T09:00:00.000Z', 'sales', 'voice', { offered: 1, deflected: 1 }),
      row('2025-03-03T09:00:00.000Z', 'billing', 'sms', { offered: 1, transferred: 1, overflowed: 1 }),
    ]);
    expect(totals.map((total) => `${total.queue}/${total.channel}`)).toEqual(['billing/sms', 'sales/sms', 'sales/voice']);
    expect(totals[1]).toEqual({
      queue: 'sales',
      channel: 'sms',
      offered: 4,
      answered: 4,
      answeredWithinThreshold: 2,
      handled: 2,
      abandoned: 1,
      deflected: 0,
      transferred: 0,
      overflowed: 0,
      serviceLevel: 0.4,
      messagesReceived: 7,
      messagesSent: 4,
    });
    expect(totals[2]?.serviceLevel).toBeNull();
  });

  it('has nothing to say about no rows', () => {
    expect(queueTotals([])).toEqual([]);
  });
});
