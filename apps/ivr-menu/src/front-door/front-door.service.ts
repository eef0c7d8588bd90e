import { Injectable } from '@nestjs/common';
import { conversationMessageRedacted, type conversationClosed, type EventOf, type smsInboundRedacted, type smsInboundScreened, type voiceCallDeflected } from '@parley/contracts';
import { ConversationsRepository, type ConversationRecord, type FrontDoorTransaction } from '@parley/ivr-menu-data-access';
import {
  decideOnDeflection,
  decideOnMenuTimeout,
  decideOnOpening,
  decideOnText,
  type Decision,
  type FrontDoorSettings,
  type OpenConversation,
  type ScheduleLookup,
  type Stage,
} from '@parley/ivr-menu-domain';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { FrontDoorConfigService } from './front-door-config.service.ts';
import { FrontDoorMetrics } from './front-door.metrics.ts';
import { OutcomePublisher, type CustomerText } from './outcome-publisher.ts';

type Screened = EventOf<typeof smsInboundScreened>;
type Redacted = EventOf<typeof smsInboundRedacted>;
type Deflected = EventOf<typeof voiceCallDeflected>;
type AgentClosed = EventOf<typeof conversationClosed>;

/** The identity of a conversation-to-be: who wrote to which number, and through which channel. */
interface Party {
  tenantId: string;
  businessNumberId: string;
  businessNumber: string;
  customerNumber: string;
  threadId: string;
  channel: 'sms' | 'voice';
  callId: string | null;
}

function toOpen(record: ConversationRecord): OpenConversation {
  return { stage: stageOf(record), ...(record.menuVersion === null ? {} : { menuVersion: record.menuVersion }) };
}

function stageOf(record: ConversationRecord): Stage {
  switch (record.stage) {
    case 'menu':
      return { kind: 'menu', nodeId: record.nodeId ?? '', invalidAttempts: record.invalidAttempts, deadline: record.deadline ?? new Date(0) };
    case 'queued':
      return { kind: 'queued', queue: record.queue ?? '' };
    case 'waiting-for-opening':
      return { kind: 'waiting-for-opening', queue: record.queue ?? '', opensAt: record.opensAt ?? new Date(0), queuedSince: record.queuedSince ?? record.startedAt };
    case 'ended':
      return { kind: 'ended' };
  }
}

/** The conversation record after a decision moved it to `stage`. */
function withStage(record: ConversationRecord, stage: Stage, settings: FrontDoorSettings, now: Date): ConversationRecord {
  const cleared = { ...record, menuId: null, menuVersion: null, nodeId: null, invalidAttempts: 0, deadline: null, opensAt: null };
  switch (stage.kind) {
    case 'menu':
      return {
        ...cleared,
        stage: 'menu',
        menuId: settings.menu?.id ?? null,
        menuVersion: settings.menu?.version ?? null,
        nodeId: stage.nodeId,
        invalidAttempts: stage.invalidAttempts,
        deadline: stage.deadline,
      };
    case 'queued':
      return { ...cleared, stage: 'queued', queue: stage.queue, queuedSince: record.queuedSince ?? now };
    case 'waiting-for-opening':
      return { ...cleared, stage: 'waiting-for-opening', queue: stage.queue, opensAt: stage.opensAt, queuedSince: stage.queuedSince };
    case 'ended':
      return { ...cleared, stage: 'ended', closedAt: now };
  }
}

/** The queuedSince a decision set, if it queued the conversation. */
function queuedSinceOf(decision: Decision): Date | undefined {
  for (const outcome of decision.outcomes) {
    if (outcome.type === 'queued') {
      return outcome.queuedSince;
    }
  }
  return undefined;
}

/**
 * The front door: every screened customer text and every caller who switched to text goes through here. Each is
 * handled in one database transaction that records the event as handled, locks the customer's open conversation
 * (or opens it, one at a time per customer and number thanks to a unique index), applies the pure decision and
 * publishes its events before committing, so a crash anywhere replays the same decision with the same event ids.
 */
@Injectable()
export class FrontDoorService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly config: FrontDoorConfigService,
    private readonly outcomes: OutcomePublisher,
    private readonly publisher: EventPublisher,
    private readonly metrics: FrontDoorMetrics,
  ) {}

  async onScreenedText(consumer: string, event: Screened): Promise<void> {
    const { payload } = event;
    const party: Party = {
      tenantId: event.tenantId,
      businessNumberId: payload.businessNumberId,
      businessNumber: payload.businessNumber,
      customerNumber: payload.customerNumber,
      threadId: payload.threadId,
      channel: 'sms',
      callId: null,
    };
    await this.#handle(consumer, event.eventId, party, {
      kind: 'text',
      decide: ({ conversation, optedOut, settings, scheduleOf, now }) =>
        decideOnText({ conversation, text: payload.text, optedOut, settings, scheduleOf, now }),
      customerText: {
        messageId: payload.messageId,
        text: payload.text,
        findings: payload.findings,
        parts: payload.parts,
        receivedAt: payload.receivedAt,
      },
    });
  }

  /** An earlier text turned out to hold part of a card: its conversation's log gets the redacted version. */
  async onRedactedText(event: Redacted): Promise<void> {
    const found = await this.conversations.conversationOfMessage(event.payload.messageId);
    if (!found || found.tenantId !== event.tenantId) {
      return;
    }
    await this.publisher.publish(conversationMessageRedacted, {
      tenantId: event.tenantId,
      conversationId: found.conversationId,
      eventId: deriveEventId(event.eventId, conversationMessageRedacted.type),
      causationId: event.eventId,
      payload: {
        messageId: event.payload.messageId,
        text: event.payload.text,
        findings: event.payload.findings,
        causedBy: event.payload.causedBy,
        redactedAt: event.payload.redactedAt,
      },
    });
  }

  async onDeflectedCall(consumer: string, event: Deflected): Promise<void> {
    const { payload } = event;
    const party: Party = {
      tenantId: event.tenantId,
      businessNumberId: payload.businessNumberId,
      businessNumber: payload.businessNumber,
      customerNumber: payload.callerNumber,
      threadId: payload.threadId,
      channel: 'voice',
      callId: payload.callId,
    };
    const queuedSince = new Date(new Date(payload.deflectedAt).getTime() - payload.waitedSeconds * 1000);
    await this.#handle(consumer, event.eventId, party, {
      kind: 'deflection',
      decide: ({ conversation, settings, scheduleOf, now }) =>
        decideOnDeflection({ conversation, queue: payload.queue, priority: payload.priority ?? 0, queuedSince, settings, scheduleOf, now }),
      // Pressing 1 to continue by text is the caller asking for texts: a caller who had opted out opts back in.
      optInIfOptedOut: true,
    });
  }

  /** An agent closed the conversation in routing: the customer's next text starts a new one here. */
  async onAgentClosed(consumer: string, event: AgentClosed): Promise<void> {
    await this.conversations.inTransaction(async (transaction) => {
      if (!(await transaction.claim(consumer, event.eventId))) {
        return;
      }
      const record = event.conversationId === undefined ? undefined : await transaction.lockById(event.conversationId);
      if (!record || record.tenantId !== event.tenantId || record.closedAt !== null) {
        return;
      }
      const now = new Date();
      await transaction.updateState({ ...record, stage: 'ended', deadline: null, opensAt: null, closedAt: new Date(event.payload.closedAt) }, now);
      this.metrics.outcomes.inc({ outcome: 'closed-by-agent' });
    });
  }

  /** Closes menu steps whose customer went silent; returns how many. Safe with several instances sweeping at once. */
  async sweepMenuTimeouts(now: Date, limit: number): Promise<number> {
    return this.conversations.inTransaction(async (transaction) => {
      const due = await transaction.lockDueMenuTimeouts(now, limit);
      for (const record of due) {
        const stage = stageOf(record);
        if (stage.kind !== 'menu') {
          continue;
        }
        const settings = await this.config.settingsFor(record.tenantId, record.businessNumberId);
        // The deadline identifies the timeout, so a sweep that dies before commit publishes the same events again.
        const cause = deriveEventId(record.conversationId, `menu-timeout:${record.deadline?.toISOString() ?? ''}`);
        await this.#apply(transaction, record, decideOnMenuTimeout(stage), settings, cause, now, undefined);
      }
      return due.length;
    });
  }

  /** Queues the conversations that waited for their queue to open; returns how many. */
  async sweepOpenings(now: Date, limit: number): Promise<number> {
    return this.conversations.inTransaction(async (transaction) => {
      const due = await transaction.lockDueOpenings(now, limit);
      for (const record of due) {
        const stage = stageOf(record);
        if (stage.kind !== 'waiting-for-opening') {
          continue;
        }
        const settings = await this.config.settingsFor(record.tenantId, record.businessNumberId);
        const cause = deriveEventId(record.conversationId, `opening:${record.opensAt?.toISOString() ?? ''}`);
        await this.#apply(transaction, record, decideOnOpening(stage), settings, cause, now, undefined);
      }
      return due.length;
    });
  }

  /**
   * The one path of every customer contact: record the event as handled, lock the customer's open conversation or
   * open one, decide, store the new stage and publish the outcomes, all in one transaction.
   */
  async #handle(
    consumer: string,
    causeEventId: string,
    party: Party,
    contact: {
      kind: 'text' | 'deflection';
      decide: (facts: { conversation: OpenConversation | undefined; optedOut: boolean; settings: FrontDoorSettings; scheduleOf: ScheduleLookup; now: Date }) => Decision;
      customerText?: CustomerText;
      optInIfOptedOut?: boolean;
    },
  ): Promise<void> {
    const [settings, scheduleOf] = await Promise.all([
      this.config.settingsFor(party.tenantId, party.businessNumberId),
      this.config.scheduleLookup(party.tenantId),
    ]);
    await this.conversations.inTransaction(async (transaction) => {
      if (!(await transaction.claim(consumer, causeEventId))) {
        return;
      }
      const now = new Date();
      let optedOut = await transaction.isOptedOut(party.tenantId, party.customerNumber);
      if (optedOut && contact.optInIfOptedOut) {
        const change = {
          changeId: deriveEventId(causeEventId, 'consent'),
          tenantId: party.tenantId,
          customerNumber: party.customerNumber,
          businessNumberId: party.businessNumberId,
          action: 'opted-in' as const,
          source: 'voice' as const,
          at: now,
        };
        await this.outcomes.publishConsentChange(transaction, change, causeEventId);
        optedOut = false;
      }
      const existing = await transaction.lockOpen(party.tenantId, party.businessNumberId, party.customerNumber);
      const facts = { optedOut, settings, scheduleOf, now };
      const stopTimer = this.metrics.decisionDuration.startTimer({ kind: contact.kind });
      let decision = contact.decide({ ...facts, conversation: existing ? toOpen(existing) : undefined });
      stopTimer();
      let conversation = existing;
      if (!conversation) {
        const opened = await this.#open(transaction, party, causeEventId, now);
        conversation = opened.record;
        if (!opened.created) {
          // Another contact of this customer opened the conversation a moment ago: decide again as part of it.
          decision = contact.decide({ ...facts, conversation: toOpen(conversation) });
        }
      }
      if (contact.customerText) {
        const text = contact.customerText;
        await transaction.recordMessage(text.messageId, conversation.conversationId, party.tenantId, new Date(text.receivedAt));
      }
      await this.#apply(transaction, conversation, decision, settings, causeEventId, now, contact.customerText);
    });
  }

  async #open(transaction: FrontDoorTransaction, party: Party, causeEventId: string, now: Date): Promise<{ record: ConversationRecord; created: boolean }> {
    const record: ConversationRecord = {
      conversationId: `conv_${deriveEventId(causeEventId, 'conversation')}`,
      ...party,
      stage: 'ended',
      menuId: null,
      menuVersion: null,
      nodeId: null,
      invalidAttempts: 0,
      deadline: null,
      queue: null,
      queuedSince: null,
      opensAt: null,
      startedAt: now,
      closedAt: null,
    };
    if (await transaction.insertOpen(record)) {
      return { record, created: true };
    }
    const winner = await transaction.lockOpen(party.tenantId, party.businessNumberId, party.customerNumber);
    if (!winner) {
      throw new Error('a concurrent conversation blocked the insert but could not be read');
    }
    return { record: winner, created: false };
  }

  async #apply(
    transaction: FrontDoorTransaction,
    record: ConversationRecord,
    decision: Decision,
    settings: FrontDoorSettings,
    causeEventId: string,
    now: Date,
    customerText: CustomerText | undefined,
  ): Promise<void> {
    const queuedSince = queuedSinceOf(decision);
    const next = withStage(queuedSince ? { ...record, queuedSince } : record, decision.stage, settings, now);
    await transaction.updateState(next, now);
    await this.outcomes.publish(transaction, decision.outcomes, {
      conversation: next,
      settings,
      causeEventId,
      now,
      ...(customerText ? { customerText } : {}),
    });
    for (const outcome of decision.outcomes) {
      this.metrics.outcomes.inc({ outcome: outcome.type });
    }
  }
}
