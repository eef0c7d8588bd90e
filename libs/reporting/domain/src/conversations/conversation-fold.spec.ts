import { conversationOfferLapsed, type EventDefinition, type EventOf } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ANA, BEN, EventScript, scriptedMorning } from '../../test/scripted-day.ts';
import { compareEvents, readEnvelope, type ConversationEvent } from '../intake/reported-events.ts';
import { foldConversation, UNFOLDED_EVENT_TYPES } from './conversation-fold.ts';

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
