import { Inject, Injectable } from '@nestjs/common';
import { conversationAssigned, conversationOffered, conversationOverflowed } from '@parley/contracts';
import { APP_CONFIG } from '@parley/platform/config';
import type { HeldConversation, OfferWrite, WaitingCandidate } from '@parley/routing-data-access';
import { agentLoad, planAssignments, policyOf, type AgentSnapshot, type WaitingConversation } from '@parley/routing-domain';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RoutingConfig } from '../config.ts';
import { RoutingSettingsService } from './routing-settings.service.ts';
import { RoutingMetrics } from './routing.metrics.ts';
import { RoutingWork, type EventBatch } from './routing-work.ts';

// Absorbs float rounding in summed fractional loads, as the planner does.
const ROOM_TOLERANCE = 1e-9;
const HEAD_MARGIN = 20;

export function newOfferId(): string {
  return `offer_${randomUUID().replaceAll('-', '')}`;
}

function toWaiting(conversation: WaitingCandidate): WaitingConversation {
  return {
    conversationId: conversation.conversationId,
    queue: conversation.queue,
    priority: conversation.priority,
    queuedSince: conversation.queuedSince,
    atFront: conversation.atFront,
    channel: conversation.channel,
    excludedAgents: conversation.excludedAgents,
    ...(conversation.preferredAgentId && conversation.preferredUntil
      ? { preferredAgent: { agentId: conversation.preferredAgentId, until: conversation.preferredUntil } }
      : {}),
  };
}

/** The outcome of one round, for the scheduler (go again?) and the benchmark. */
export interface RoundResult {
  assigned: number;
  /** Whether the plan hit the round limit, so more may be placeable at once. */
  full: boolean;
}

/**
 * One assignment round for a tenant: under the tenant's lock, read the agents who can take work with their loads and
 * the head of each queue they serve, plan, and write the offers in one statement. The lock makes rounds of all
 * instances take turns, so a round always sees the loads the previous one committed and nobody is pushed past capacity.
 */
@Injectable()
export class AssignmentService {
  readonly #roundLimit: number;

  constructor(
    private readonly work: RoutingWork,
    private readonly settings: RoutingSettingsService,
    private readonly metrics: RoutingMetrics,
    @Inject(APP_CONFIG) config: RoutingConfig,
  ) {
    this.#roundLimit = config.routing.roundLimit;
  }

  async runRound(tenantId: string): Promise<RoundResult> {
    const settings = await this.settings.settingsOf(tenantId);
    const policy = policyOf(settings);
    const stopRound = this.metrics.roundDuration.startTimer();
    const result = await this.work.run(async (transaction, events): Promise<RoundResult> => {
      await transaction.lockTenant(tenantId);
      const now = new Date();
      const agents = await transaction.agentsWithRoom(tenantId, policy, now);
      if (agents.length === 0) {
        return { assigned: 0, full: false };
      }
      const held = await transaction.heldConversations(tenantId, agents.map((agent) => agent.agentId));
      const heldBy = groupByAgent(held);
      const snapshots: AgentSnapshot[] = [];
      const freeSlotsByQueue = new Map<string, { slots: number; agents: string[] }>();
      for (const agent of agents) {
        const load = agentLoad(heldBy.get(agent.agentId) ?? [], agent.capacity, agent.onCallId !== null, now, policy);
        const slots = Math.floor(agent.capacity - load + ROOM_TOLERANCE);
        if (slots >= 1) {
          snapshots.push({ agentId: agent.agentId, presence: agent.presence, active: agent.active, queues: agent.queues, capacity: agent.capacity, load, lastAssignedAt: agent.lastAssignedAt });
          for (const queue of agent.queues) {
            const head = freeSlotsByQueue.get(queue) ?? { slots: 0, agents: [] };
            head.slots += slots;
            head.agents.push(agent.agentId);
            freeSlotsByQueue.set(queue, head);
          }
        }
      }
      if (snapshots.length === 0) {
        return { assigned: 0, full: false };
      }
      // A queue can place no more than its agents' free slots; the margin covers conversations that excluded some
      // of those agents (those all its agents excluded are skipped in SQL).
      const heads = [...freeSlotsByQueue].map(([queue, head]) => ({ queue, limit: Math.min(head.slots, this.#roundLimit) + HEAD_MARGIN, agents: head.agents }));
      const waiting = await transaction.waitingCandidates(tenantId, heads);
      if (waiting.length === 0) {
        return { assigned: 0, full: false };
      }
      const queues = await transaction.queues(tenantId);
      const planStarted = performance.now();
      const plan = planAssignments({ queues, agents: snapshots, waiting: waiting.map(toWaiting), now, policy, limit: this.#roundLimit });
      this.metrics.planDuration.observe((performance.now() - planStarted) / 1000);
      if (plan.length === 0) {
        return { assigned: 0, full: false };
      }

      const agentsById = new Map(agents.map((agent) => [agent.agentId, agent]));
      const waitingById = new Map(waiting.map((conversation) => [conversation.conversationId, conversation]));
      const expiresAt = new Date(now.getTime() + settings.offerTimeoutSeconds * 1000);
      const writes: OfferWrite[] = plan.map((assignment) => ({
        conversationId: assignment.conversationId,
        agentId: assignment.agentId,
        queue: assignment.queue,
        offerId: newOfferId(),
        reason: assignment.reason,
        expiresAt: agentsById.get(assignment.agentId)?.autoAccept === true ? null : expiresAt,
      }));
      const applied = await transaction.applyOffers(tenantId, writes, now);
      const touched = new Set<string>();
      for (const write of writes) {
        const attempt = applied.get(write.conversationId);
        const conversation = waitingById.get(write.conversationId);
        if (attempt === undefined || conversation === undefined) {
          continue;
        }
        touched.add(write.agentId);
        this.#addOutcome(events, tenantId, conversation, write, attempt, now);
        const own = heldBy.get(write.agentId) ?? [];
        heldBy.set(write.agentId, own);
        own.push({
          agentId: write.agentId,
          conversationId: write.conversationId,
          stage: write.expiresAt === null ? 'assigned' : 'offered',
          channel: conversation.channel,
          waitingOnCustomerSince: null,
        });
      }
      await transaction.touchAgents(tenantId, [...touched], now);
      return { assigned: applied.size, full: plan.length >= this.#roundLimit };
    });
    stopRound();
    return result;
  }

  #addOutcome(events: EventBatch, tenantId: string, conversation: WaitingCandidate, write: OfferWrite, attempt: number, now: Date): void {
    const common = { tenantId, conversationId: conversation.conversationId, occurredAt: now };
    const queuedSince = conversation.queuedSince;
    const waitedSeconds = Math.max(0, (now.getTime() - queuedSince.getTime()) / 1000);
    if (write.queue !== conversation.queue) {
      events.add(conversationOverflowed, {
        ...common,
        payload: { fromQueue: conversation.queue, toQueue: write.queue, waitedSeconds, at: now.toISOString() },
      });
    }
    if (write.expiresAt === null) {
      this.metrics.assignments.inc({ kind: 'auto-assigned' });
      events.add(conversationAssigned, {
        ...common,
        payload: { offerId: write.offerId, agentId: write.agentId, queue: write.queue, autoAccepted: true, waitedSeconds, assignedAt: now.toISOString() },
      });
      return;
    }
    this.metrics.assignments.inc({ kind: 'offered' });
    events.add(conversationOffered, {
      ...common,
      payload: {
        offerId: write.offerId,
        agentId: write.agentId,
        queue: write.queue,
        reason: write.reason,
        attempt,
        expiresAt: write.expiresAt.toISOString(),
        offeredAt: now.toISOString(),
      },
    });
  }
}

export function groupByAgent(held: readonly HeldConversation[]): Map<string, HeldConversation[]> {
  const byAgent = new Map<string, HeldConversation[]>();
  for (const conversation of held) {
    const list = byAgent.get(conversation.agentId);
    if (list) {
      list.push(conversation);
    } else {
      byAgent.set(conversation.agentId, [conversation]);
    }
  }
  return byAgent;
}
