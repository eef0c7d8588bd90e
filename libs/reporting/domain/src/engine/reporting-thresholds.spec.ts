import { describe, expect, it } from 'vitest';
import { ANA, BEN, EventScript, TENANT, at } from '../../test/scripted-day.ts';
import type { ReportRowKey } from '../rows/report-rows.ts';
import { advanceWatermark, applyEvent, createReportingState, rowsFor } from './reporting-engine.ts';

const SALES_09_00: ReportRowKey = { kind: 'interval', tenantId: TENANT, intervalStart: at('09:00:00'), queue: 'sales', channel: 'sms' };

/** A conversation answered after 45 s in sales, then `next` of its events. */
function answeredAfter45Seconds(next: (script: EventScript) => void): EventScript {
  const script = new EventScript();
  script.agentState(ANA, '09:00:00', 'available');
  script.started('conv-t-000001', '09:01:00');
  script.queued('conv-t-000001', '09:01:00', 'sales');
  script.assigned('conv-t-000001', '09:01:20', ANA, 'sales', 20);
  script.reply('conv-t-000001', '09:01:45', ANA, 1, '09:01:46');
  const before = script.events.length;
  next(script);
  expect(script.events.length).toBeGreaterThan(before);
  return script;
}

describe("a queue's service-level threshold changing", () => {
  it.each([
    ['an offer', (script: EventScript) => script.offered('conv-t-000001', '09:02:00', BEN, 'sales')],
    ['a message', (script: EventScript) => script.received('conv-t-000001', '09:02:00')],
  ])('counts the answers of a conversation against the new threshold from its next event on, %s included', (_name, next) => {
    let salesSeconds = 60;
    const state = createReportingState({ serviceLevelSeconds: () => salesSeconds });
    const script = answeredAfter45Seconds(next);
    const last = script.events.pop();
    script.events.forEach((event) => applyEvent(state, event));
    advanceWatermark(state, new Date(at('09:05:00')));
    expect(rowsFor(state, [SALES_09_00])).toMatchObject([{ row: { answered: 1, answeredWithinThreshold: 1, serviceLevel: 1 } }]);
    salesSeconds = 30;
    expect(applyEvent(state, last).outcome).toBe('applied');
    expect(advanceWatermark(state, new Date(at('09:05:10'))).rows).toMatchObject([
      { kind: 'interval', row: { queue: 'sales', answered: 1, answeredWithinThreshold: 0, serviceLevel: 0, serviceLevelThresholdSeconds: 30 } },
    ]);
  });
});
