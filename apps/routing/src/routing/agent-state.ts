import { agentStateChanged, type AgentStateCause } from '@parley/contracts';
import type { AgentRecord, HeldConversation } from '@parley/routing-data-access';
import { agentLoad, policyOf, type RoutingSettings } from '@parley/routing-domain';
import type { EventBatch } from './routing-work.ts';

/** What an agent carries now, from the conversations offered to or held by them: weighted load, conversations, offers. */
export function loadOf(agent: AgentRecord, own: readonly HeldConversation[], now: Date, settings: RoutingSettings): { load: number; conversations: number; offers: number } {
  return {
    load: agentLoad(own, agent.capacity, agent.onCallId !== null, now, policyOf(settings)),
    conversations: own.filter((conversation) => conversation.stage === 'assigned').length,
    offers: own.filter((conversation) => conversation.stage === 'offered').length,
  };
}

/** Adds the agent's state after a change to the batch, for desks, supervisors and reporting. */
export function addAgentState(
  events: EventBatch,
  agent: AgentRecord,
  own: readonly HeldConversation[],
  cause: AgentStateCause,
  context: { now: Date; settings: RoutingSettings; causationId?: string | undefined },
): void {
  const { load, conversations, offers } = loadOf(agent, own, context.now, context.settings);
  events.add(agentStateChanged, {
    tenantId: agent.tenantId,
    occurredAt: context.now,
    ...(context.causationId ? { causationId: context.causationId } : {}),
    payload: {
      agentId: agent.agentId,
      presence: agent.presence,
      ...(agent.presenceReason ? { presenceReason: agent.presenceReason } : {}),
      connected: agent.connected,
      active: agent.active,
      onCall: agent.onCallId !== null,
      capacity: agent.capacity,
      // Rounded for readers; the exact sum is recomputed from held conversations whenever routing decides.
      load: Math.round(load * 1000) / 1000,
      conversations,
      offers,
      cause,
      at: context.now.toISOString(),
    },
  });
}
