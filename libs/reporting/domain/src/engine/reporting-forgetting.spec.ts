import { conversationMessageReceived } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ANA, BEN, EventScript, at, scriptedMorning } from '../../test/scripted-day.ts';
import { advanceWatermark, applyEvent, createReportingState, stateSize, type ReportingOptions } from './reporting-engine.ts';
import { decodeReportingState, encodeReportingState } from './state-codec.ts';

const tick = (time: string) => new Date(at(time));

describe('what the engine forgets as the watermark moves', () => {
  it('remembers an event id until the watermark is a lateness past it, then takes a copy as too late', () => {
    const script = new EventScript();
    script.agentState(ANA, '09:00:00', 'available');
    script.agentState(BEN, '09:00:30', 'available');
    const [first, second] = script.events;
    const state = createReportingState();
    script.events.forEach((event) => applyEvent(state, event));
    // Lateness 15 minutes: at 09:30 the watermark is 09:15, and ids from 09:00 on are still known.
    advanceWatermark(state, tick('09:30:00'));
    expect(stateSize(state).eventIds).toBe(2);
    expect(applyEvent(state, structuredClone(first)).outcome).toBe('duplicate');
    advanceWatermark(state, tick('09:30:01'));
    expect(stateSize(state).eventIds).toBe(1);
    expect(applyEvent(state, structuredClone(first)).outcome).toBe('too-late');
    expect(applyEvent(state, structuredClone(second)).outcome).toBe('duplicate');
    advanceWatermark(state, tick('09:45:00'));
    expect(stateSize(state).eventIds).toBe(0);
  });

  it('drops a conversation once the watermark passes its end, and its id after the retention', () => {
    const script = new EventScript();
    script.agentState(ANA, '09:00:00', 'available');
    script.started('conv-x-000001', '09:01:00');
    script.queued('conv-x-000001', '09:01:00', 'sales');
    script.assigned('conv-x-000001', '09:01:30', ANA, 'sales', 30);
    script.closed('conv-x-000001', '09:10:00', ANA, 'sales');
    script.started('conv-y-000002', '09:02:00');
    const state = createReportingState({ finishedRetentionSeconds: 3_600 });
    script.events.forEach((event) => applyEvent(state, event));
    advanceWatermark(state, tick('09:25:00'));
    expect(stateSize(state).conversations).toBe(2);
    advanceWatermark(state, tick('09:25:01'));
    expect(stateSize(state).conversations).toBe(1);
    const straggler = (time: string) => script.build(conversationMessageReceived, time, { messageId: `message-${time.replaceAll(':', '')}`, text: '[screened]', findings: [], parts: 1, receivedAt: at(time) }, 'conv-x-000001');
    expect(applyEvent(state, straggler('09:20:00'))).toMatchObject({ outcome: 'too-late', reason: "the conversation's report is already final" });
    // An hour after it ended the id is forgotten: the same conversation id is a new conversation.
    advanceWatermark(state, tick('10:25:00'));
    expect(applyEvent(state, straggler('10:10:00')).outcome).toBe('too-late');
    advanceWatermark(state, tick('10:25:01'));
    expect(applyEvent(state, straggler('10:15:00')).outcome).toBe('applied');
  });

  it('drops an agent who logged out once nothing of theirs is open, also when only their held conversation ended', () => {
    const script = new EventScript();
    script.agentState(BEN, '08:50:00', 'available');
    script.started('conv-z-000003', '08:55:00');
    script.queued('conv-z-000003', '08:55:00', 'sales');
    script.assigned('conv-z-000003', '08:58:00', ANA, 'sales', 180);
    script.agentState(ANA, '08:59:00', 'offline');
    script.closed('conv-z-000003', '09:03:00', ANA, 'sales');
    const state = createReportingState();
    script.events.forEach((event) => applyEvent(state, event));
    // 09:16: the first open interval is 09:00; Ana still holds the conversation, so she stays.
    advanceWatermark(state, tick('09:16:00'));
    expect(stateSize(state).agents).toBe(2);
    // 09:19: same first open interval, but the conversation is forgotten, and with it Ana's last open span.
    advanceWatermark(state, tick('09:19:00'));
    expect(stateSize(state).agents).toBe(1);
    advanceWatermark(state, tick('12:00:00'));
    expect(stateSize(state).agents).toBe(1);
  });
});

describe('indexes of a decoded snapshot', () => {
  const OPTIONS: ReportingOptions = { finishedRetentionSeconds: 1_800 };

  it('are not in the snapshot, which decodes and encodes again to the same text', () => {
    const state = createReportingState(OPTIONS);
    scriptedMorning().events.forEach((event) => applyEvent(state, event));
    advanceWatermark(state, tick('09:20:00'));
    const text = encodeReportingState(state);
    expect((JSON.parse(text) as { fields: object }).fields).not.toHaveProperty('indexes');
    expect(encodeReportingState(decodeReportingState(text, OPTIONS))).toBe(text);
  });

  it('are rebuilt, so a decoded engine finalises and forgets exactly what the original does', () => {
    const { events } = scriptedMorning();
    const original = createReportingState(OPTIONS);
    events.filter((event) => event.occurredAt < at('09:12:00')).forEach((event) => applyEvent(original, event));
    advanceWatermark(original, tick('09:24:00'));
    const decoded = decodeReportingState(encodeReportingState(original), OPTIONS);
    const later = events.filter((event) => event.occurredAt >= at('09:12:00'));
    for (const state of [original, decoded]) {
      later.forEach((event) => applyEvent(state, event));
    }
    for (const time of ['09:30:00', '09:41:00', '09:50:00', '10:30:00', '11:30:00']) {
      expect(advanceWatermark(decoded, tick(time))).toEqual(advanceWatermark(original, tick(time)));
      expect(stateSize(decoded)).toEqual(stateSize(original));
      expect(encodeReportingState(decoded)).toBe(encodeReportingState(original));
    }
    expect(stateSize(decoded)).toMatchObject({ conversations: 0, calls: 0, eventIds: 0 });
  });
});
