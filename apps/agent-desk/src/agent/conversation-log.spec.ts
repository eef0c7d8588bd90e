import { describe, expect, it } from 'vitest';
import { applyLiveEvent, applyToLog, deliveryMark, EMPTY_LOG, logFromTranscript, withPendingReply } from './conversation-log.ts';

const at = (second: number) => `2026-11-29T10:00:${String(second).padStart(2, '0')}.000Z`;

describe('conversation log', () => {
  it('builds a transcript in time order with redaction markers from the archive', () => {
    const log = logFromTranscript([
      { recordId: 'r2', sequence: 2, eventType: 'conversation.outbound.approved', kind: 'event', occurredAt: at(5), text: 'How can I help?', redacted: false, attributes: { payload: { messageId: 'm2' } } },
      { recordId: 'r1', sequence: 1, eventType: 'conversation.message.received', kind: 'event', occurredAt: at(1), text: 'My card is [card ending 1111]', redacted: true, attributes: { payload: { messageId: 'm1' } } },
      { recordId: 'r3', sequence: 3, eventType: 'conversation.started', kind: 'event', occurredAt: at(0), text: null, redacted: false, attributes: {} },
    ]);
    expect(log.messages.map((message) => [message.messageId, message.direction, message.text, message.redacted])).toEqual([
      ['m1', 'in', 'My card is [card ending 1111]', true],
      ['m2', 'out', 'How can I help?', false],
    ]);
  });

  it('moves a reply forward only: a late "submitted" never undoes "delivered"', () => {
    let log = withPendingReply(EMPTY_LOG, 'm1', 'On its way', at(1));
    log = applyToLog(log, 'conversation.outbound.approved', { messageId: 'm1', text: 'On its way' }, at(2), 'e1');
    log = applyToLog(log, 'conversation.message.delivery-reported', { messageId: 'm1', status: 'delivered' }, at(4), 'e2');
    log = applyToLog(log, 'conversation.message.delivery-reported', { messageId: 'm1', status: 'submitted' }, at(3), 'e3');
    expect(log.messages[0]?.delivery).toBe('delivered');
    expect(deliveryMark('delivered').mark).toBe('✓✓');
  });

  it('explains a blocked reply and keeps it blocked', () => {
    let log = withPendingReply(EMPTY_LOG, 'm9', 'card 4111 1111 1111 1111', at(1));
    log = applyToLog(log, 'conversation.outbound.blocked', { messageId: 'm9', reasons: [{ kind: 'sensitive-data', type: 'payment-card', count: 1 }] }, at(2), 'e1');
    log = applyToLog(log, 'conversation.outbound.approved', { messageId: 'm9', text: 'x' }, at(3), 'e2');
    expect(log.messages[0]).toMatchObject({ delivery: 'blocked', problem: 'Not sent: screening found payment-card.' });
  });

  it('marks a redaction that arrives live and closes on conversation.closed', () => {
    let log = applyLiveEvent(EMPTY_LOG, { eventId: 'e1', type: 'conversation.message.received', occurredAt: at(1), payload: { messageId: 'm1', text: 'hello', findings: [] } });
    log = applyLiveEvent(log, { eventId: 'e2', type: 'conversation.message.redacted', occurredAt: at(2), payload: { messageId: 'm1', text: '[redacted]' } });
    log = applyLiveEvent(log, { eventId: 'e3', type: 'conversation.closed', occurredAt: at(3), payload: { disposition: 'resolved' } });
    expect(log.messages[0]).toMatchObject({ text: '[redacted]', redacted: true });
    expect(log.closed).toBe(true);
    expect(log.notes.map((entry) => entry.text)).toEqual(['Closed (resolved).']);
  });

  it('keeps message text as data: markup stays a string', () => {
    const log = applyLiveEvent(EMPTY_LOG, { eventId: 'e1', type: 'conversation.message.received', occurredAt: at(1), payload: { messageId: 'm1', text: '<img src=x onerror=alert(1)>', findings: [] } });
    expect(log.messages[0]?.text).toBe('<img src=x onerror=alert(1)>');
  });
});
