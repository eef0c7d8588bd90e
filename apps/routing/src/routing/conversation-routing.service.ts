import { Injectable } from '@nestjs/common';
import type {
  conversationEnded,
  conversationMessageReceived,
  conversationQueued,
  conversationStarted,
  EventOf,
  outboundMessageApproved,
} from '@parley/contracts';
import { AssignmentScheduler } from './assignment.scheduler.ts';
import { closedRecord, conversationIdOf, isHeld } from './conversation-moves.ts';
import { RoutingSettingsService } from './routing-settings.service.ts';
import { RoutingWork } from './routing-work.ts';

/**
 * Routing's side of the conversation log: a conversation the front door queued starts waiting (for the customer's
 * last agent first, within the sticky window), customers' and agents' messages move the capacity weight, and a
 * conversation the front door ended leaves the queue or frees its agent.
 */
@Injectable()
export class ConversationRoutingService {
  constructor(
    private readonly work: RoutingWork,
    private readonly settings: RoutingSettingsService,
    private readonly scheduler: AssignmentScheduler,
  ) {}

  /** Idempotent without the inbox: recording who the customer is again changes nothing. */
  async onStarted(event: EventOf<typeof conversationStarted>): Promise<void> {
    await this.work.run(async (transaction) => {
      await transaction.recordStarted({
        conversationId: conversationIdOf(event),
        tenantId: event.tenantId,
        businessNumberId: event.payload.businessNumberId,
        customerNumber: event.payload.customerNumber,
        startedAt: new Date(event.payload.startedAt),
      });
    });
  }

  /** Idempotent without the inbox: only a conversation still at the front door joins a queue. */
  async onQueued(event: EventOf<typeof conversationQueued>): Promise<void> {
    const settings = await this.settings.settingsOf(event.tenantId);
    const queued = await this.work.run(async (transaction) => {
      const now = new Date();
      const record = await transaction.lockOrOpenConversation(event.tenantId, conversationIdOf(event), now);
      // Only a conversation still at the front door joins a queue; a repeated or late queued event changes nothing.
      if (!record || record.stage !== 'front-door') {
        return false;
      }
      const last =
        settings.stickyWindowSeconds > 0 && record.businessNumberId && record.customerNumber
          ? await transaction.lastAgentOf(event.tenantId, record.businessNumberId, record.customerNumber)
          : undefined;
      const preferredUntil = last ? new Date(last.closedAt.getTime() + settings.stickyWindowSeconds * 1000) : undefined;
      const isSticky = last !== undefined && preferredUntil !== undefined && preferredUntil > now;
      await transaction.saveConversation(
        {
          ...record,
          stage: 'waiting',
          queue: event.payload.queue,
          priority: event.payload.priority,
          queuedSince: new Date(event.payload.queuedSince),
          preferredAgentId: isSticky ? last.agentId : null,
          preferredUntil: isSticky ? preferredUntil : null,
        },
        now,
      );
      return true;
    });
    if (queued) {
      this.scheduler.request(event.tenantId);
    }
  }

  /** The customer wrote: a conversation weighed lightly while they were silent weighs fully again (idempotent as it is). */
  async onCustomerMessage(event: EventOf<typeof conversationMessageReceived>): Promise<void> {
    await this.work.run(async (transaction) => {
      const record = await transaction.lockConversation(event.tenantId, conversationIdOf(event));
      if (record && isHeld(record) && record.waitingOnCustomerSince !== null) {
        await transaction.saveConversation({ ...record, waitingOnCustomerSince: null }, new Date());
      }
    });
  }

  /** An agent's reply passed screening: the customer's turn begins, and a long silence lightens the conversation. */
  async onReplyApproved(consumer: string, event: EventOf<typeof outboundMessageApproved>): Promise<void> {
    if (event.payload.requestedBy?.kind !== 'agent') {
      return;
    }
    await this.work.run(async (transaction) => {
      if (!(await transaction.claim(consumer, event.eventId))) {
        return;
      }
      const record = await transaction.lockConversation(event.tenantId, conversationIdOf(event));
      if (record?.stage === 'assigned' && record.waitingOnCustomerSince === null) {
        await transaction.saveConversation({ ...record, waitingOnCustomerSince: new Date(event.payload.approvedAt) }, new Date());
      }
    });
  }

  /** The front door ended the conversation (an opt-out, say): it leaves its queue, or its agent is freed; idempotent as it is. */
  async onEnded(event: EventOf<typeof conversationEnded>): Promise<void> {
    const freed = await this.work.run(async (transaction) => {
      const record = await transaction.lockConversation(event.tenantId, conversationIdOf(event));
      if (!record || record.stage === 'closed') {
        return false;
      }
      const now = new Date();
      await transaction.saveConversation(closedRecord(record, now, null), now);
      return record.agentId !== null;
    });
    if (freed) {
      this.scheduler.request(event.tenantId);
    }
  }
}
