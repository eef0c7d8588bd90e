import { Injectable } from '@nestjs/common';
import {
  consentOptedIn,
  consentOptedOut,
  conversationAfterHours,
  conversationEnded,
  conversationMenuAbandoned,
  conversationMenuInvalidInput,
  conversationMenuPrompted,
  conversationMenuSelected,
  conversationMessageReceived,
  conversationOptOutRequested,
  conversationQueued,
  conversationStarted,
  smsOutboundRequested,
  type ScreenedFinding,
} from '@parley/contracts';
import type { ConsentChangeRecord, ConversationRecord, FrontDoorTransaction } from '@parley/ivr-menu-data-access';
import type { FrontDoorSettings, Outcome } from '@parley/ivr-menu-domain';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';

/** The customer text a decision answers, when it answers one. */
export interface CustomerText {
  messageId: string;
  text: string;
  findings: ScreenedFinding[];
  parts: number;
  receivedAt: string;
}

export interface OutcomeContext {
  conversation: ConversationRecord;
  settings: FrontDoorSettings;
  /** The event that caused the decision: every event published for it gets an id derived from this one. */
  causeEventId: string;
  customerText?: CustomerText;
  now: Date;
}

/**
 * Turns a decision's outcomes into events on the conversation's log, texts to send and consent ledger entries, in
 * the order they happened. Ids derive from the cause and the outcome's position, so a redelivered cause publishes
 * the very same events and the next consumer drops the copies.
 */
@Injectable()
export class OutcomePublisher {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(transaction: FrontDoorTransaction, outcomes: readonly Outcome[], context: OutcomeContext): Promise<void> {
    const sends: Promise<unknown>[] = [];
    outcomes.forEach((outcome, index) => {
      sends.push(...this.#publishOne(transaction, outcome, index, context));
    });
    // Started in order: the messaging layer sends them in that order, in as few produce requests as it can.
    await Promise.all(sends);
  }

  #publishOne(transaction: FrontDoorTransaction, outcome: Outcome, index: number, context: OutcomeContext): Promise<unknown>[] {
    const { conversation, now } = context;
    const at = now.toISOString();
    const common = {
      tenantId: conversation.tenantId,
      conversationId: conversation.conversationId,
      causationId: context.causeEventId,
      eventId: deriveEventId(context.causeEventId, `${index}:${outcome.type}`),
      occurredAt: now,
    };
    const menu = context.settings.menu;
    const menuFields = (nodeId: string) => ({ menuId: menu?.id ?? 'no-menu', menuVersion: menu?.version ?? 1, nodeId });
    switch (outcome.type) {
      case 'started':
        return [
          this.publisher.publish(conversationStarted, {
            ...common,
            payload: {
              threadId: conversation.threadId,
              businessNumberId: conversation.businessNumberId,
              businessNumber: conversation.businessNumber,
              customerNumber: conversation.customerNumber,
              channel: outcome.channel,
              ...(conversation.callId ? { callId: conversation.callId } : {}),
              startedAt: conversation.startedAt.toISOString(),
            },
          }),
        ];
      case 'message-received': {
        const text = context.customerText;
        return text ? [this.publisher.publish(conversationMessageReceived, { ...common, payload: { ...text } })] : [];
      }
      case 'prompted': {
        const messageId = `msg_${common.eventId}`;
        return [
          this.#requestText(conversation, common, outcome.text, 'conversation', messageId),
          this.publisher.publish(conversationMenuPrompted, {
            ...common,
            eventId: deriveEventId(common.eventId, 'prompted'),
            payload: { ...menuFields(outcome.nodeId), attempt: outcome.attempt, messageId, promptedAt: at },
          }),
        ];
      }
      case 'selected':
        return [
          this.publisher.publish(conversationMenuSelected, {
            ...common,
            payload: {
              ...menuFields(outcome.nodeId),
              optionKey: outcome.option.key,
              optionLabel: outcome.option.label,
              matchedBy: outcome.matchedBy,
              action: outcome.option.action.type,
              selectedAt: at,
            },
          }),
        ];
      case 'invalid-input':
        return [this.publisher.publish(conversationMenuInvalidInput, { ...common, payload: { ...menuFields(outcome.nodeId), attempt: outcome.attempt, at } })];
      case 'menu-abandoned':
        return [
          this.publisher.publish(conversationMenuAbandoned, {
            ...common,
            payload: { ...menuFields(outcome.nodeId), reason: outcome.reason, invalidAttempts: outcome.invalidAttempts, abandonedAt: at },
          }),
        ];
      case 'queued':
        return [
          this.publisher.publish(conversationQueued, {
            ...common,
            payload: {
              queue: outcome.queue,
              priority: outcome.priority,
              queuedSince: outcome.queuedSince.toISOString(),
              reason: outcome.reason,
              ...(conversation.callId ? { callId: conversation.callId } : {}),
              queuedAt: at,
            },
          }),
        ];
      case 'after-hours':
        return [
          this.publisher.publish(conversationAfterHours, {
            ...common,
            payload: {
              queue: outcome.queue,
              ...(outcome.nextOpeningAt ? { nextOpeningAt: outcome.nextOpeningAt.toISOString() } : {}),
              waitsForOpening: outcome.waitsForOpening,
              at,
            },
          }),
        ];
      case 'reply':
        return [this.#requestText(conversation, common, outcome.text, outcome.purpose, `msg_${common.eventId}`)];
      case 'ended':
        return [this.publisher.publish(conversationEnded, { ...common, payload: { reason: outcome.reason, endedAt: at } })];
      case 'opt-out-requested':
        return [this.publisher.publish(conversationOptOutRequested, { ...common, payload: { messageId: context.customerText?.messageId ?? `msg_${common.eventId}`, at } })];
      case 'opted-out':
      case 'opted-in': {
        const change: ConsentChangeRecord = {
          changeId: common.eventId,
          tenantId: conversation.tenantId,
          customerNumber: conversation.customerNumber,
          businessNumberId: conversation.businessNumberId,
          action: outcome.type,
          source: 'keyword',
          keyword: outcome.keyword,
          conversationId: conversation.conversationId,
          at: now,
        };
        return [this.publishConsentChange(transaction, change, context.causeEventId)];
      }
    }
  }

  /** Writes the consent ledger entry and publishes it for the gateway's sender, the archive and reporting. */
  async publishConsentChange(transaction: FrontDoorTransaction, change: ConsentChangeRecord, causeEventId: string | undefined): Promise<void> {
    await Promise.all([transaction.recordConsent(change), this.#publishConsent(change, causeEventId)]);
  }

  #publishConsent(change: ConsentChangeRecord, causeEventId: string | undefined): Promise<unknown> {
    const definition = change.action === 'opted-out' ? consentOptedOut : consentOptedIn;
    return this.publisher.publish(definition, {
      tenantId: change.tenantId,
      eventId: change.changeId,
      ...(causeEventId ? { causationId: causeEventId } : {}),
      occurredAt: change.at,
      payload: {
        customerNumber: change.customerNumber,
        businessNumberId: change.businessNumberId,
        source: change.source,
        ...(change.keyword ? { keyword: change.keyword } : {}),
        ...(change.recordedBy ? { recordedBy: change.recordedBy } : {}),
        ...(change.conversationId ? { conversationId: change.conversationId } : {}),
        at: change.at.toISOString(),
      },
    });
  }

  #requestText(
    conversation: ConversationRecord,
    common: { tenantId: string; conversationId: string; causationId: string; eventId: string; occurredAt: Date },
    text: string,
    purpose: 'conversation' | 'consent',
    messageId: string,
  ): Promise<unknown> {
    return this.publisher.publish(smsOutboundRequested, {
      ...common,
      eventId: deriveEventId(common.eventId, 'text'),
      payload: {
        messageId,
        businessNumber: conversation.businessNumber,
        customerNumber: conversation.customerNumber,
        text,
        requestedBy: { kind: 'automation' },
        purpose,
        requestedAt: common.occurredAt.toISOString(),
      },
    });
  }
}
