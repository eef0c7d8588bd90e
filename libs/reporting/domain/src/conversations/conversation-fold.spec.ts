import { conversationOfferLapsed, type EventDefinition, type EventOf } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ANA, BEN, CONVERSATIONS, EventScript, scriptedMorning } from '../../test/scripted-day.ts';
import { compareEvents, readEnvelope, type ConversationEvent } from '../intake/reported-events.ts';
import { ConversationFold, foldConversation, UNFOLDED_EVENT_TYPES, type ConversationFigures } from './conversation-fold.ts';

function conversationEvents(envelopes: readonly EventOf<EventDefinition>[], conversationId: string): ConversationEvent[] {
  const events: ConversationEvent[] = [];
  for (const envelope of envelopes) {
    const intake = readEnvelope(envelope, 300_000);
    if (intake.kind === 'conversation' && intake.conversationId === conversationId) {
      events.push(intake.event);
    }
  }
  return events.sort(compareEvents);
}

const fold = (events: readonly ConversationEvent[]) =>
  foldConversation({ tenantId: 'tenant-acme-01', conversationId: 'conv-a-000001', events, voiceLeg: null, serviceLevelMs: () => 60_000 });

describe('events the fold passes over', () => {
  it('leave a conversation figures as they were, wherever they fall among its events', () => {
    const { events } = scriptedMorning();
    const script = new EventScript();
    script.offered('conv-a-000001', '09:01:25', BEN, 'sales');
    script.add(conversationOfferLapsed, '09:01:26', { offerId: 'offer-lapsed-01', agentId: BEN, outcome: 'declined', at: '2025-03-03T09:01:26.000Z' }, 'conv-a-000001');
    script.offered('conv-a-000001', '09:30:00', ANA, 'sales');
    const all = conversationEvents([...events, ...script.events], 'conv-a-000001');
    const passedOver = all.filter((event) => UNFOLDED_EVENT_TYPES.has(event.type));
    expect(passedOver.map((event) => event.type)).toEqual(['conversation.offered', 'conversation.offered', 'conversation.offer.lapsed', 'conversation.offered']);
    const folded = all.filter((event) => !UNFOLDED_EVENT_TYPES.has(event.type));
    expect(fold(all)).toEqual(fold(folded));
    for (let count = 1; count < folded.length; count += 1) {
      const prefix = folded.slice(0, count);
      const last = prefix[prefix.length - 1] as ConversationEvent;
      const withOffers = [...prefix, ...passedOver.filter((event) => compareEvents(event, last) < 0)].sort(compareEvents);
      expect(fold(withOffers)).toEqual(fold(prefix));
    }
  });
});

describe('a conversation folded event by event', () => {
  it.each(Object.values(CONVERSATIONS))('gives what folding all its events at once gives, and never changes figures it gave (%s)', (conversationId) => {
    const events = conversationEvents(scriptedMorning().events, conversationId);
    expect(events.length).toBeGreaterThan(2);
    const serviceLevelMs = (queue: string) => (queue === 'sales' ? 30_000 : 60_000);
    const voiceLeg = { queue: 'sales', callStartedAt: Date.UTC(2025, 2, 3, 9, 14), deflectedAt: null, voiceWaitMs: 120_500 };
    const fold = new ConversationFold({ tenantId: 'tenant-acme-01', conversationId, serviceLevelMs });
    const given: { figures: ConversationFigures; copy: ConversationFigures }[] = [];
    events.forEach((event, index) => {
      fold.add(event);
      const figures = fold.figures(voiceLeg);
      expect(figures).toEqual(foldConversation({ tenantId: 'tenant-acme-01', conversationId, events: events.slice(0, index + 1), voiceLeg, serviceLevelMs }));
      given.push({ figures, copy: structuredClone(figures) });
    });
    expect(fold.events).toBe(events.length);
    for (const { figures, copy } of given) {
      expect(figures).toEqual(copy);
    }
  });

  it('says whether its contributions were made with the thresholds of now', () => {
    const events = conversationEvents(scriptedMorning().events, CONVERSATIONS.transferred);
    const thresholds = new Map([
      ['sales', 30_000],
      ['billing', 60_000],
    ]);
    const fold = new ConversationFold({ tenantId: 'tenant-acme-01', conversationId: CONVERSATIONS.transferred, serviceLevelMs: (queue) => thresholds.get(queue) ?? 0 });
    events.forEach((event) => fold.add(event));
    expect(fold.hasCurrentThresholds()).toBe(true);
    thresholds.set('billing', 20_000);
    expect(fold.hasCurrentThresholds()).toBe(false);
  });
});
