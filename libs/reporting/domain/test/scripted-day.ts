import {
  agentStateChanged,
  conversationAssigned,
  conversationClosed,
  conversationEnded,
  conversationMenuAbandoned,
  conversationMenuPrompted,
  conversationMenuSelected,
  conversationMessageReceived,
  conversationOffered,
  conversationQueued,
  conversationRequeued,
  conversationStarted,
  conversationTransferred,
  outboundMessageApproved,
  outboundMessageSent,
  voiceCallAnswered,
  voiceCallCompleted,
  voiceCallDeflected,
  voiceCallMenuSelected,
  voiceCallStarted,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
} from '@parley/contracts';

export const TENANT = 'tenant-acme-01';
export const ANA = 'agent-ana-0001';
export const BEN = 'agent-ben-0002';
export const DAY = '2025-03-03';
const BUSINESS = '+14155550100';
const CUSTOMER = '+14155550199';

/** An instant of the scripted day, written `hh:mm:ss`. */
export function at(time: string): string {
  return `${DAY}T${time}.000Z`;
}

/** Builds envelopes with predictable ids, so two runs of a script build the same events. */
export class EventScript {
  #sequence = 0;
  readonly events: EventOf<EventDefinition>[] = [];

  nextId(): string {
    this.#sequence += 1;
    return `00000000-0000-4000-8000-${this.#sequence.toString(16).padStart(12, '0')}`;
  }

  build<TDefinition extends EventDefinition>(definition: TDefinition, time: string, payload: PayloadOf<TDefinition>, conversationId?: string): EventOf<TDefinition> {
    return {
      eventId: this.nextId(),
      type: definition.type,
      schemaVersion: definition.version,
      tenantId: TENANT,
      ...(conversationId ? { conversationId } : {}),
      occurredAt: at(time),
      producer: definition.producers[0] ?? 'reporting',
      payload,
    };
  }

  add<TDefinition extends EventDefinition>(definition: TDefinition, time: string, payload: PayloadOf<TDefinition>, conversationId?: string): EventOf<TDefinition> {
    const event = this.build(definition, time, payload, conversationId);
    this.events.push(event);
    return event;
  }

  agentState(agentId: string, time: string, presence: 'available' | 'away' | 'offline', capacity = 2): void {
    this.add(agentStateChanged, time, {
      agentId,
      presence,
      connected: presence !== 'offline',
      active: true,
      onCall: false,
      capacity,
      load: 0,
      conversations: 0,
      offers: 0,
      cause: 'presence',
      at: at(time),
    });
  }

  started(conversationId: string, time: string, callId?: string): void {
    const channel = callId ? 'voice' : 'sms';
    this.add(
      conversationStarted,
      time,
      { threadId: `thread-${conversationId}`, businessNumberId: 'number-0001', businessNumber: BUSINESS, customerNumber: CUSTOMER, channel, ...(callId ? { callId } : {}), startedAt: at(time) },
      conversationId,
    );
  }

  received(conversationId: string, time: string, parts = 1, findings: PayloadOf<typeof conversationMessageReceived>['findings'] = []): void {
    this.add(conversationMessageReceived, time, { messageId: this.#messageId(), text: '[screened]', findings, parts, receivedAt: at(time) }, conversationId);
  }

  queued(conversationId: string, time: string, queue: string, reason: PayloadOf<typeof conversationQueued>['reason'] = 'menu', callId?: string, queuedSince = time): EventOf<typeof conversationQueued> {
    return this.add(conversationQueued, time, { queue, priority: 0, queuedSince: at(queuedSince), reason, ...(callId ? { callId } : {}), queuedAt: at(time) }, conversationId);
  }

  offered(conversationId: string, time: string, agentId: string, queue: string): void {
    this.add(conversationOffered, time, { offerId: this.#offerId(), agentId, queue, reason: 'longest-idle', attempt: 1, expiresAt: at(time), offeredAt: at(time) }, conversationId);
  }

  assigned(conversationId: string, time: string, agentId: string, queue: string, waitedSeconds: number): void {
    this.add(conversationAssigned, time, { offerId: this.#offerId(), agentId, queue, autoAccepted: false, waitedSeconds, assignedAt: at(time) }, conversationId);
  }

  reply(conversationId: string, time: string, agentId: string | null, segments: number, sentTime: string): EventOf<typeof outboundMessageApproved> {
    const messageId = this.#messageId();
    const approved = this.add(
      outboundMessageApproved,
      time,
      {
        messageId,
        businessNumber: BUSINESS,
        customerNumber: CUSTOMER,
        text: 'Happy to help.',
        ...(agentId ? { requestedBy: { kind: 'agent' as const, agentId } } : { requestedBy: { kind: 'automation' as const } }),
        approvedAt: at(time),
      },
      conversationId,
    );
    this.add(outboundMessageSent, sentTime, { messageId, carrierMessageId: `carrier-${messageId}`, encoding: 'gsm-7', segments, sentAt: at(sentTime) }, conversationId);
    return approved;
  }

  closed(conversationId: string, time: string, agentId: string, queue: string, disposition = 'resolved'): void {
    this.add(conversationClosed, time, { agentId, queue, disposition, closedAt: at(time) }, conversationId);
  }

  #messageSequence = 0;
  #messageId(): string {
    this.#messageSequence += 1;
    return `message-${this.#messageSequence.toString().padStart(6, '0')}`;
  }
  #offerSequence = 0;
  #offerId(): string {
    this.#offerSequence += 1;
    return `offer-${this.#offerSequence.toString().padStart(8, '0')}`;
  }
}

export const CONVERSATIONS = {
  handled: 'conv-a-000001',
  transferred: 'conv-b-000002',
  abandoned: 'conv-c-000003',
  optedOut: 'conv-d-000004',
  deflected: 'conv-e-000005',
  lateAndDuplicated: 'conv-f-000006',
} as const;
export const CALLS = { deflected: 'call-v1-000001', abandoned: 'call-v2-000002' } as const;

/**
 * The scripted morning, 09:00 to 09:30 UTC, in the order the consumer receives it: two agents; a handled
 * conversation; one transferred from sales to billing; one the customer abandoned in the queue by opting out; one
 * opted out in the menu; a call deflected to text and its conversation; a call abandoned; and a conversation
 * whose queued event arrives late and whose reply approval arrives twice.
 */
export function scriptedMorning(): { events: EventOf<EventDefinition>[]; duplicateIds: string[]; ignoredIds: string[] } {
  const script = new EventScript();
  const { handled: a, transferred: b, abandoned: c, optedOut: d, deflected: e, lateAndDuplicated: f } = CONVERSATIONS;
  script.agentState(ANA, '09:00:00', 'available');
  script.agentState(BEN, '09:00:00', 'available');

  script.started(a, '09:01:00');
  script.received(a, '09:01:00');
  script.add(conversationMenuSelected, '09:01:10', { menuId: 'main', menuVersion: 1, nodeId: 'root', optionKey: '1', optionLabel: 'Sales', matchedBy: 'digit', action: 'queue', selectedAt: at('09:01:10') }, a);
  script.queued(a, '09:01:10', 'sales');
  script.offered(a, '09:01:20', ANA, 'sales');
  script.assigned(a, '09:01:30', ANA, 'sales', 20);
  script.reply(a, '09:01:50', ANA, 1, '09:01:51');
  script.received(a, '09:03:00', 2, [{ type: 'CREDIT_CARD', start: 0, end: 10 }]);
  script.reply(a, '09:05:00', ANA, 2, '09:05:01');
  script.closed(a, '09:10:00', ANA, 'sales');

  script.started(b, '09:02:00');
  script.received(b, '09:02:00');
  script.queued(b, '09:02:00', 'sales', 'single-queue');
  script.assigned(b, '09:03:30', BEN, 'sales', 90);
  script.reply(b, '09:04:00', BEN, 1, '09:04:01');
  script.add(conversationTransferred, '09:06:00', { fromAgentId: BEN, target: { kind: 'queue', queue: 'billing' }, note: 'invoice question', transferredAt: at('09:06:00') }, b);
  script.add(conversationRequeued, '09:06:00', { queue: 'billing', fromAgentId: BEN, reason: 'transfer', at: at('09:06:00') }, b);
  script.assigned(b, '09:07:00', ANA, 'billing', 60);
  script.reply(b, '09:07:30', ANA, 1, '09:07:31');
  script.closed(b, '09:20:00', ANA, 'billing');

  script.started(c, '09:08:00');
  script.received(c, '09:08:00');
  script.queued(c, '09:08:00', 'sales', 'single-queue');
  script.received(c, '09:12:00');
  script.add(conversationEnded, '09:12:00', { reason: 'opted-out', endedAt: at('09:12:00') }, c);

  script.started(d, '09:09:00');
  script.received(d, '09:09:00');
  const prompt = script.add(conversationMenuPrompted, '09:09:00', { menuId: 'main', menuVersion: 1, nodeId: 'root', attempt: 0, messageId: 'message-prompt-01', promptedAt: at('09:09:00') }, d);
  script.received(d, '09:09:30');
  script.add(conversationMenuAbandoned, '09:09:30', { menuId: 'main', menuVersion: 1, nodeId: 'root', reason: 'opted-out', invalidAttempts: 0, abandonedAt: at('09:09:30') }, d);
  script.add(conversationEnded, '09:09:30', { reason: 'opted-out', endedAt: at('09:09:30') }, d);

  const v1 = CALLS.deflected;
  script.add(voiceCallStarted, '09:14:00', { callId: v1, businessNumberId: 'number-0001', businessNumber: BUSINESS, callerNumber: CUSTOMER, startedAt: at('09:14:00') });
  script.add(voiceCallAnswered, '09:14:01', { callId: v1, businessNumberId: 'number-0001', answeredAt: at('09:14:01') });
  script.add(voiceCallMenuSelected, '09:14:10', { callId: v1, businessNumberId: 'number-0001', digit: '1', queue: 'sales', selectedAt: at('09:14:10') });
  script.add(voiceCallDeflected, '09:16:10', {
    callId: v1,
    businessNumberId: 'number-0001',
    businessNumber: BUSINESS,
    callerNumber: CUSTOMER,
    threadId: 'thread-voice-0001',
    queue: 'sales',
    priority: 10,
    waitedSeconds: 120,
    deflectedAt: at('09:16:10'),
  });
  script.started(e, '09:16:11', v1);
  script.queued(e, '09:16:11', 'sales', 'voice-deflection', v1, '09:14:10');
  script.add(voiceCallCompleted, '09:16:20', { callId: v1, businessNumberId: 'number-0001', outcome: 'deflected', answeredAt: at('09:14:01'), endedAt: at('09:16:20'), durationSeconds: 140, waitedSeconds: 129, carrierStatus: 'completed' });
  script.assigned(e, '09:17:00', BEN, 'sales', 170);
  script.reply(e, '09:17:41', BEN, 1, '09:17:42');
  script.closed(e, '09:25:00', BEN, 'sales');

  const v2 = CALLS.abandoned;
  script.add(voiceCallStarted, '09:18:00', { callId: v2, businessNumberId: 'number-0001', businessNumber: BUSINESS, startedAt: at('09:18:00') });
  script.add(voiceCallAnswered, '09:18:01', { callId: v2, businessNumberId: 'number-0001', answeredAt: at('09:18:01') });
  script.add(voiceCallMenuSelected, '09:18:05', { callId: v2, businessNumberId: 'number-0001', digit: '2', queue: 'billing', selectedAt: at('09:18:05') });
  script.add(voiceCallCompleted, '09:19:05', { callId: v2, businessNumberId: 'number-0001', outcome: 'abandoned', answeredAt: at('09:18:01'), endedAt: at('09:19:05'), durationSeconds: 65, waitedSeconds: 64, carrierStatus: 'completed' });

  // F: the queued event is held up and arrives after the reply; the reply's approval is delivered twice.
  script.started(f, '09:21:00');
  script.received(f, '09:21:00');
  const lateQueued = script.build(conversationQueued, '09:21:00', { queue: 'sales', priority: 0, queuedSince: at('09:21:00'), reason: 'single-queue', queuedAt: at('09:21:00') }, f);
  script.assigned(f, '09:21:20', ANA, 'sales', 20);
  const approved = script.reply(f, '09:21:50', ANA, 1, '09:21:51');
  script.events.push(lateQueued);
  script.events.push(structuredClone(approved));
  script.closed(f, '09:28:00', ANA, 'sales');
  return { events: script.events, duplicateIds: [approved.eventId], ignoredIds: [prompt.eventId] };
}
