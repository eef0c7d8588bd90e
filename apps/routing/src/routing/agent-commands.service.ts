import { Injectable } from '@nestjs/common';
import {
  agentCommandRejected,
  conversationAssigned,
  conversationClosed,
  conversationOffered,
  conversationOfferLapsed,
  conversationRequeued,
  conversationTransferred,
  type agentAcceptRequested,
  type agentCallChanged,
  type agentCloseRequested,
  type agentConnectionChanged,
  type agentDeactivated,
  type agentDeclineRequested,
  type agentPresenceRequested,
  type agentTransferRequested,
  type EventOf,
  type AgentCommandRefusal,
  type AgentStateCause,
  type REQUEUE_REASONS,
} from '@parley/contracts';
import type { AgentRecord, ConversationRecord, RoutingTransaction } from '@parley/routing-data-access';
import { refuseAccept, refuseClose, refuseDecline, refuseTransfer, type Refusal, type RoutingSettings } from '@parley/routing-domain';
import { addAgentState, loadOf } from './agent-state.ts';
import { newOfferId } from './assignment.service.ts';
import { AssignmentScheduler } from './assignment.scheduler.ts';
import { backToQueue, closedRecord, conversationIdOf } from './conversation-moves.ts';
import { RoutingSettingsService } from './routing-settings.service.ts';
import { RoutingMetrics } from './routing.metrics.ts';
import { RoutingWork, type EventBatch } from './routing-work.ts';

type AnyCommand =
  | EventOf<typeof agentAcceptRequested>
  | EventOf<typeof agentDeclineRequested>
  | EventOf<typeof agentTransferRequested>
  | EventOf<typeof agentCloseRequested>
  | EventOf<typeof agentPresenceRequested>
  | EventOf<typeof agentConnectionChanged>
  | EventOf<typeof agentCallChanged>
  | EventOf<typeof agentDeactivated>;

/** What a command handler has at hand: the transaction, the batch of events, the agent, the tenant's settings. */
interface CommandScope {
  transaction: RoutingTransaction;
  events: EventBatch;
  agent: AgentRecord;
  settings: RoutingSettings;
  now: Date;
  causationId: string;
}

/** What a command did: refused with a reason, or applied (and whether capacity may have freed up). */
type CommandOutcome = Refusal | { applied: true; freedCapacity: boolean };

type RequeueReason = (typeof REQUEUE_REASONS)[number];

const APPLIED_NOTHING_FREED: CommandOutcome = { applied: true, freedCapacity: false };
const APPLIED_AND_FREED: CommandOutcome = { applied: true, freedCapacity: true };

function isRefusal(outcome: CommandOutcome): outcome is Refusal {
  return 'code' in outcome;
}

function refuse(code: AgentCommandRefusal, reason: string): Refusal {
  return { code, reason };
}

/** True when the agent cannot work now: offline, or their desk is gone. */
function isUnavailable(agent: AgentRecord): boolean {
  return agent.presence === 'offline' || !agent.connected;
}

/** The grace clock starts when the agent first becomes unavailable and stops when they are back. */
function withUnavailability(agent: AgentRecord, now: Date): AgentRecord {
  return { ...agent, unavailableSince: isUnavailable(agent) ? (agent.unavailableSince ?? now) : null };
}

/**
 * Agents' commands from the desk, each in one transaction that checks it against the tenant's own agents and
 * conversations (another tenant's ids are unknown here), applies it or refuses it with a stable code and changes
 * nothing. Commands that change who can take work (presence, connection, calls, deactivation, transfers) take the
 * tenant's lock first, like assignment rounds, so a round never offers work to an agent who just left.
 */
@Injectable()
export class AgentCommandsService {
  constructor(
    private readonly work: RoutingWork,
    private readonly settings: RoutingSettingsService,
    private readonly scheduler: AssignmentScheduler,
    private readonly metrics: RoutingMetrics,
  ) {}

  async accept(consumer: string, command: EventOf<typeof agentAcceptRequested>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: false }, async (scope) => {
      const record = await scope.transaction.lockConversation(command.tenantId, conversationIdOf(command));
      if (!record) {
        return refuse('unknown-conversation', 'the tenant has no such conversation');
      }
      const refusal = refuseAccept(record, scope.agent.agentId, command.payload.offerId);
      if (refusal) {
        return refusal;
      }
      await scope.transaction.saveConversation({ ...record, stage: 'assigned', assignedAt: scope.now, offerExpiresAt: null, atFront: false }, scope.now);
      scope.events.add(conversationAssigned, {
        ...this.#common(record, scope),
        payload: {
          offerId: command.payload.offerId,
          agentId: scope.agent.agentId,
          queue: record.queue ?? '',
          autoAccepted: false,
          waitedSeconds: this.#waitedSeconds(record, scope.now),
          assignedAt: scope.now.toISOString(),
        },
      });
      return APPLIED_NOTHING_FREED;
    });
  }

  async decline(consumer: string, command: EventOf<typeof agentDeclineRequested>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: false }, async (scope) => {
      const record = await scope.transaction.lockConversation(command.tenantId, conversationIdOf(command));
      if (!record) {
        return refuse('unknown-conversation', 'the tenant has no such conversation');
      }
      const refusal = refuseDecline(record, scope.agent.agentId, command.payload.offerId);
      if (refusal) {
        return refusal;
      }
      await this.#lapse(scope, record, 'declined');
      return APPLIED_AND_FREED;
    });
  }

  async transfer(consumer: string, command: EventOf<typeof agentTransferRequested>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: true }, async (scope) => {
      const { transaction, agent, now } = scope;
      const record = await transaction.lockConversation(command.tenantId, conversationIdOf(command));
      if (!record) {
        return refuse('unknown-conversation', 'the tenant has no such conversation');
      }
      const target = command.payload.target;
      const targetAgent = target.kind === 'agent' ? await transaction.lockAgent(command.tenantId, target.agentId) : undefined;
      const facts = {
        queueExists: target.kind === 'queue' && (await transaction.hasQueue(command.tenantId, target.queue)),
        ...(targetAgent ? { agent: await this.#availability(scope, targetAgent) } : {}),
      };
      const refusal = refuseTransfer(record, agent.agentId, target, facts);
      if (refusal) {
        return refusal;
      }
      scope.events.add(conversationTransferred, {
        ...this.#common(record, scope),
        payload: {
          fromAgentId: agent.agentId,
          target,
          ...(command.payload.note === undefined ? {} : { note: command.payload.note }),
          ...(command.payload.requestedBy === undefined ? {} : { requestedBy: command.payload.requestedBy }),
          transferredAt: now.toISOString(),
        },
      });
      if (target.kind === 'queue' || !targetAgent) {
        const queue = target.kind === 'queue' ? target.queue : (record.queue ?? '');
        await transaction.saveConversation(backToQueue(record, { atFront: true, exclude: agent.agentId, queue }), now);
        this.#addRequeued(scope, record, queue, 'transfer', agent.agentId);
      } else {
        await this.#offerTo(scope, record, targetAgent);
      }
      return APPLIED_AND_FREED;
    });
  }

  async close(consumer: string, command: EventOf<typeof agentCloseRequested>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: false }, async (scope) => {
      const { transaction, agent, now } = scope;
      const record = await transaction.lockConversation(command.tenantId, conversationIdOf(command));
      if (!record) {
        return refuse('unknown-conversation', 'the tenant has no such conversation');
      }
      const refusal = refuseClose(record, agent.agentId, command.payload.disposition, scope.settings.dispositions);
      if (refusal) {
        return refusal;
      }
      await transaction.saveConversation(closedRecord(record, now, command.payload.disposition), now);
      if (record.businessNumberId && record.customerNumber) {
        await transaction.rememberAgent(command.tenantId, record.businessNumberId, record.customerNumber, agent.agentId, now);
      }
      scope.events.add(conversationClosed, {
        ...this.#common(record, scope),
        payload: {
          agentId: agent.agentId,
          queue: record.queue ?? '',
          disposition: command.payload.disposition,
          ...(command.payload.note === undefined ? {} : { note: command.payload.note }),
          closedAt: now.toISOString(),
        },
      });
      return APPLIED_AND_FREED;
    });
  }

  async setPresence(consumer: string, command: EventOf<typeof agentPresenceRequested>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: true }, async (scope) => {
      const changed = withUnavailability({ ...scope.agent, presence: command.payload.presence, presenceReason: command.payload.reason ?? null }, scope.now);
      await scope.transaction.saveAgent(changed, scope.now);
      const withdrew = changed.presence === 'available' ? 0 : await this.#withdrawOffers(scope, changed);
      await this.#addState(scope, changed, 'presence');
      return changed.presence === 'available' || withdrew > 0 ? APPLIED_AND_FREED : APPLIED_NOTHING_FREED;
    });
  }

  async connectionChanged(consumer: string, command: EventOf<typeof agentConnectionChanged>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: true, allowInactive: true }, async (scope) => {
      const changed = withUnavailability({ ...scope.agent, connected: command.payload.connected }, scope.now);
      await scope.transaction.saveAgent(changed, scope.now);
      if (!changed.connected) {
        await this.#withdrawOffers(scope, changed);
      }
      await this.#addState(scope, changed, 'connection');
      return APPLIED_AND_FREED;
    });
  }

  async callChanged(consumer: string, command: EventOf<typeof agentCallChanged>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: true, allowInactive: true }, async (scope) => {
      const { onCall, callId } = command.payload;
      // A call's end only clears the call it names, so a late end of an earlier call cannot free an agent on a new one.
      const onCallId = onCall ? callId : scope.agent.onCallId === callId ? null : scope.agent.onCallId;
      const changed = { ...scope.agent, onCallId };
      await scope.transaction.saveAgent(changed, scope.now);
      if (onCallId !== null) {
        await this.#withdrawOffers(scope, changed);
      }
      await this.#addState(scope, changed, 'call');
      return onCallId === null ? APPLIED_AND_FREED : APPLIED_NOTHING_FREED;
    });
  }

  async deactivate(consumer: string, command: EventOf<typeof agentDeactivated>): Promise<void> {
    await this.#run(consumer, command, { tenantLock: true, allowInactive: true }, async (scope) => {
      if (!scope.agent.active) {
        return APPLIED_NOTHING_FREED;
      }
      await this.deactivateIn(scope);
      return APPLIED_AND_FREED;
    });
  }

  /** Deactivates the agent in scope and re-queues everything they had at the front; shared with the admin API. */
  async deactivateIn(scope: CommandScope): Promise<void> {
    const changed: AgentRecord = { ...scope.agent, active: false, presence: 'offline', presenceReason: 'deactivated', unavailableSince: scope.agent.unavailableSince ?? scope.now };
    await scope.transaction.saveAgent(changed, scope.now);
    await this.handBack(scope, changed, 'agent-deactivated');
    await this.#addState(scope, changed, 'deactivated');
  }

  /** Puts every conversation the agent is offered or holds back at the front of its queue; returns how many. */
  async handBack(scope: CommandScope, agent: AgentRecord, reason: RequeueReason): Promise<number> {
    const held = await scope.transaction.lockHeldBy(agent.tenantId, agent.agentId);
    for (const record of held) {
      if (record.stage === 'offered') {
        await this.#lapse(scope, record, 'withdrawn', { atFront: true });
      } else {
        await scope.transaction.saveConversation(backToQueue(record, { atFront: true }), scope.now);
        this.#addRequeued(scope, record, record.queue ?? '', reason, agent.agentId);
      }
    }
    return held.length;
  }

  /** Opens a scope outside a command (the admin API, the grace sweeper): tenant lock, then the agent locked. */
  async inAgentScope<R>(
    tenantId: string,
    agentId: string,
    causationId: string,
    work: (scope: CommandScope) => Promise<R>,
    now?: Date,
  ): Promise<R | undefined> {
    const settings = await this.settings.settingsOf(tenantId);
    const result = await this.work.run(async (transaction, events) => {
      await transaction.lockTenant(tenantId);
      const agent = await transaction.lockAgent(tenantId, agentId);
      if (!agent) {
        return undefined;
      }
      return work({ transaction, events, agent, settings, now: now ?? new Date(), causationId });
    });
    this.scheduler.request(tenantId);
    return result;
  }

  /** Publishes the agent's state after a change made outside a command, such as a new profile. */
  async announce(scope: CommandScope, cause: AgentStateCause): Promise<void> {
    await this.#addState(scope, scope.agent, cause);
  }

  /** Ends the agent's offer of the conversation if it is still theirs and past its deadline; true when it did. */
  async expireOffer(scope: CommandScope, conversationId: string): Promise<boolean> {
    const record = await scope.transaction.lockConversation(scope.agent.tenantId, conversationId);
    const isDue = record?.stage === 'offered' && record.agentId === scope.agent.agentId && record.offerExpiresAt !== null && record.offerExpiresAt <= scope.now;
    if (!record || !isDue) {
      return false;
    }
    await this.#lapse(scope, record, 'timed-out');
    return true;
  }

  /** The agent stayed offline or without their desk past the grace period: their conversations go back to the front. */
  async expireGrace(scope: CommandScope, graceSeconds: number): Promise<number> {
    const { agent, now } = scope;
    const isPastGrace = agent.unavailableSince !== null && agent.unavailableSince.getTime() + graceSeconds * 1000 <= now.getTime();
    if (!isUnavailable(agent) || !isPastGrace) {
      return 0;
    }
    const handedBack = await this.handBack(scope, agent, agent.presence === 'offline' ? 'agent-offline' : 'agent-disconnected');
    if (handedBack > 0) {
      await this.#addState(scope, agent, 'grace-expired');
    }
    return handedBack;
  }

  async #run(
    consumer: string,
    command: AnyCommand,
    options: { tenantLock: boolean; allowInactive?: boolean },
    handle: (scope: CommandScope) => Promise<CommandOutcome>,
  ): Promise<void> {
    const settings = await this.settings.settingsOf(command.tenantId);
    const outcome = await this.work.run(async (transaction, events): Promise<CommandOutcome | undefined> => {
      if (!(await transaction.claim(consumer, command.eventId))) {
        return undefined;
      }
      if (options.tenantLock) {
        await transaction.lockTenant(command.tenantId);
      }
      const agentId = command.payload.agentId;
      const agent = options.tenantLock ? await transaction.lockAgent(command.tenantId, agentId) : await transaction.readAgent(command.tenantId, agentId);
      const now = new Date();
      let result: CommandOutcome;
      if (!agent) {
        result = refuse('unknown-agent', 'the tenant has no such agent');
      } else if (!agent.active && options.allowInactive !== true) {
        result = refuse('agent-inactive', 'the agent is deactivated');
      } else {
        result = await handle({ transaction, events, agent, settings, now, causationId: command.eventId });
      }
      if (isRefusal(result)) {
        events.add(agentCommandRejected, {
          tenantId: command.tenantId,
          ...('conversationId' in command && command.conversationId ? { conversationId: command.conversationId } : {}),
          causationId: command.eventId,
          occurredAt: now,
          payload: { commandId: command.eventId, command: command.type, agentId, code: result.code, reason: result.reason, at: now.toISOString() },
        });
      }
      return result;
    });
    if (outcome === undefined) {
      return;
    }
    this.metrics.commands.inc({ command: command.type, outcome: isRefusal(outcome) ? outcome.code : 'applied' });
    if (!isRefusal(outcome) && outcome.freedCapacity) {
      this.scheduler.request(command.tenantId);
    }
  }

  async #availability(scope: CommandScope, agent: AgentRecord): Promise<{ active: boolean; available: boolean; hasRoom: boolean }> {
    const held = await scope.transaction.heldConversations(agent.tenantId, [agent.agentId]);
    const { load } = loadOf(agent, held, scope.now, scope.settings);
    return {
      active: agent.active,
      available: agent.presence === 'available' && agent.connected && agent.onCallId === null,
      hasRoom: agent.capacity - load + 1e-9 >= 1,
    };
  }

  /** A transfer to a named agent: offered to them (or assigned at once when their profile accepts automatically). */
  async #offerTo(scope: CommandScope, record: ConversationRecord, target: AgentRecord): Promise<void> {
    const { now } = scope;
    const offerId = newOfferId();
    const expiresAt = target.autoAccept ? null : new Date(now.getTime() + scope.settings.offerTimeoutSeconds * 1000);
    const excluded = record.excludedAgents.includes(scope.agent.agentId) ? record.excludedAgents : [...record.excludedAgents, scope.agent.agentId];
    const next: ConversationRecord = {
      ...record,
      stage: expiresAt === null ? 'assigned' : 'offered',
      agentId: target.agentId,
      offerId,
      offerAttempts: record.offerAttempts + 1,
      offerExpiresAt: expiresAt,
      offerReason: 'transfer',
      assignedAt: expiresAt === null ? now : null,
      waitingOnCustomerSince: null,
      excludedAgents: excluded,
    };
    await scope.transaction.saveConversation(next, now);
    await scope.transaction.touchAgents(target.tenantId, [target.agentId], now);
    const common = this.#common(record, scope);
    const queue = record.queue ?? '';
    if (expiresAt === null) {
      scope.events.add(conversationAssigned, {
        ...common,
        payload: { offerId, agentId: target.agentId, queue, autoAccepted: true, waitedSeconds: this.#waitedSeconds(record, now), assignedAt: now.toISOString() },
      });
    } else {
      scope.events.add(conversationOffered, {
        ...common,
        payload: { offerId, agentId: target.agentId, queue, reason: 'transfer', attempt: next.offerAttempts, expiresAt: expiresAt.toISOString(), offeredAt: now.toISOString() },
      });
    }
  }

  async #withdrawOffers(scope: CommandScope, agent: AgentRecord): Promise<number> {
    const held = await scope.transaction.lockHeldBy(agent.tenantId, agent.agentId);
    let withdrawn = 0;
    for (const record of held) {
      if (record.stage === 'offered') {
        await this.#lapse(scope, record, 'withdrawn');
        withdrawn += 1;
      }
    }
    return withdrawn;
  }

  /** An offer ends without an accept; a declined or timed-out agent is not offered the conversation again. */
  async #lapse(scope: CommandScope, record: ConversationRecord, outcome: 'declined' | 'timed-out' | 'withdrawn', options: { atFront?: boolean } = {}): Promise<void> {
    const agentId = record.agentId ?? '';
    const exclude = outcome === 'withdrawn' ? undefined : agentId;
    await scope.transaction.saveConversation(backToQueue(record, { atFront: options.atFront ?? false, exclude }), scope.now);
    this.metrics.lapses.inc({ outcome });
    scope.events.add(conversationOfferLapsed, {
      ...this.#common(record, scope),
      payload: { offerId: record.offerId ?? '', agentId, outcome, at: scope.now.toISOString() },
    });
  }

  #addRequeued(scope: CommandScope, record: ConversationRecord, queue: string, reason: RequeueReason, fromAgentId: string): void {
    this.metrics.requeues.inc({ reason });
    scope.events.add(conversationRequeued, {
      ...this.#common(record, scope),
      payload: { queue, fromAgentId, reason, at: scope.now.toISOString() },
    });
  }

  async #addState(scope: CommandScope, agent: AgentRecord, cause: AgentStateCause): Promise<void> {
    const held = await scope.transaction.heldConversations(agent.tenantId, [agent.agentId]);
    addAgentState(scope.events, agent, held, cause, { now: scope.now, settings: scope.settings, causationId: scope.causationId });
  }

  #common(record: ConversationRecord, scope: CommandScope) {
    return { tenantId: record.tenantId, conversationId: record.conversationId, causationId: scope.causationId, occurredAt: scope.now };
  }

  #waitedSeconds(record: ConversationRecord, now: Date): number {
    const since = record.queuedSince ?? record.startedAt;
    return Math.max(0, (now.getTime() - since.getTime()) / 1000);
  }
}

export type { CommandScope };
