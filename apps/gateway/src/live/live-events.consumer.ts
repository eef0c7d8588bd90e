import { Injectable } from '@nestjs/common';
import {
  agentCommandRejected,
  agentStateChanged,
  conversationAssigned,
  conversationClosed,
  conversationEnded,
  conversationMessageReceived,
  conversationMessageRedacted,
  conversationOffered,
  conversationOfferLapsed,
  conversationOptOutRequested,
  conversationOverflowed,
  conversationQueued,
  conversationRequeued,
  conversationTransferred,
  outboundMessageApproved,
  outboundMessageBlocked,
  outboundMessageDeliveryReported,
  outboundMessageFailed,
  outboundMessageSent,
  type UntypedEnvelope,
} from '@parley/contracts';
import { EventConsumer, OnEvent } from '@parley/platform/messaging';
import { CommandOutcomes } from './command-outcomes.ts';
import { LiveHub } from './live-hub.ts';

/**
 * Every gateway instance reads the conversation log and agents' events in a group of its own, so it can push each
 * event to the desks connected to it and answer the desk commands it is waiting on; it writes nothing shared.
 */
@Injectable()
@EventConsumer({ name: 'desk-live', broadcast: true })
export class LiveEventsConsumer {
  constructor(
    private readonly hub: LiveHub,
    private readonly outcomes: CommandOutcomes,
  ) {}

  @OnEvent(conversationQueued)
  @OnEvent(conversationOffered)
  @OnEvent(conversationOfferLapsed)
  @OnEvent(conversationAssigned)
  @OnEvent(conversationTransferred)
  @OnEvent(conversationRequeued)
  @OnEvent(conversationOverflowed)
  @OnEvent(conversationClosed)
  @OnEvent(conversationEnded)
  @OnEvent(conversationMessageReceived)
  @OnEvent(conversationMessageRedacted)
  @OnEvent(conversationOptOutRequested)
  @OnEvent(outboundMessageApproved)
  @OnEvent(outboundMessageBlocked)
  @OnEvent(outboundMessageSent)
  @OnEvent(outboundMessageDeliveryReported)
  @OnEvent(outboundMessageFailed)
  @OnEvent(agentStateChanged)
  @OnEvent(agentCommandRejected)
  async onEvent(event: UntypedEnvelope): Promise<void> {
    this.#answerCommand(event);
    await this.hub.deliver(event);
  }

  #answerCommand(event: UntypedEnvelope): void {
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    if (event.type === agentCommandRejected.type && typeof payload['commandId'] === 'string') {
      this.outcomes.settle(payload['commandId'], { kind: 'rejected', code: String(payload['code']), reason: String(payload['reason']) });
      return;
    }
    if (event.causationId === undefined) {
      return;
    }
    if (event.type === outboundMessageApproved.type) {
      this.outcomes.settle(event.causationId, { kind: 'approved', text: String(payload['text']) });
    } else if (event.type === outboundMessageBlocked.type) {
      this.outcomes.settle(event.causationId, {
        kind: 'blocked',
        reasons: Array.isArray(payload['reasons']) ? payload['reasons'] : [],
        explanation: String(payload['explanation']),
      });
    } else {
      this.outcomes.settle(event.causationId, { kind: 'applied', eventType: event.type });
    }
  }
}
