import type { AgentSnapshot, PlannedAssignment, PlanningInput, WaitingConversation } from '../src/planner/assignment-planner.ts';
import { effectiveQueue, type RoutingQueue } from '../src/queues/routing-queue.ts';

const TOLERANCE = 1e-9;

export interface RankedConversation {
  conversation: WaitingConversation;
  queue: string;
  rank: number;
}

/** The order the rules ask for, worked out from scratch rather than borrowed from the planner. */
export function rankWaiting(input: PlanningInput): RankedConversation[] {
  const queues = new Map<string, RoutingQueue>();
  for (const queue of input.queues) {
    if (!queues.has(queue.key)) {
      queues.set(queue.key, queue);
    }
  }
  return input.waiting
    .map((conversation) => {
      const { queue } = effectiveQueue(conversation, queues, input.now);
      return { conversation, queue, rank: (queues.get(queue)?.priority ?? 0) + conversation.priority };
    })
    .sort((a, b) => {
      if (a.rank !== b.rank) {
        return b.rank - a.rank;
      }
      const age = a.conversation.queuedSince.getTime() - b.conversation.queuedSince.getTime();
      if (age !== 0) {
        return age;
      }
      const [left, right] = [a.conversation.conversationId, b.conversation.conversationId];
      return left < right ? -1 : left > right ? 1 : 0;
    });
}

export function weightOn(conversation: WaitingConversation, agent: AgentSnapshot): number {
  return conversation.channel === 'voice' ? agent.capacity : 1;
}

/** Whether the agent may take the conversation given the load they carry at that point of the plan. */
export function isEligible(agent: AgentSnapshot, load: number, conversation: WaitingConversation, queue: string): boolean {
  return (
    agent.active &&
    agent.presence === 'available' &&
    agent.capacity > 0 &&
    agent.queues.includes(queue) &&
    !conversation.excludedAgents.includes(agent.agentId) &&
    agent.capacity - load + TOLERANCE >= weightOn(conversation, agent)
  );
}

/**
 * Replays a plan against its snapshot and lists every broken rule: order, duplicates, eligibility, capacity,
 * preferred agents honoured, and no conversation left waiting while an eligible agent had room at its turn.
 * Assumes unique conversation and agent ids.
 */
export function findViolations(input: PlanningInput, plan: readonly PlannedAssignment[]): string[] {
  const violations: string[] = [];
  const agents = new Map(input.agents.map((agent) => [agent.agentId, agent]));
  const loads = new Map(input.agents.map((agent) => [agent.agentId, agent.load]));
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const isCut = plan.length >= limit;
  const seen = new Set<string>();
  let next = 0;

  for (const { conversation, queue } of rankWaiting(input)) {
    const assignment = plan[next];
    const isAssigned = assignment !== undefined && assignment.conversationId === conversation.conversationId;
    if (!isAssigned) {
      if (isCut && next >= plan.length) {
        break;
      }
      const idle = input.agents.find((agent) => isEligible(agent, loads.get(agent.agentId) ?? 0, conversation, queue));
      if (idle !== undefined) {
        violations.push(`${conversation.conversationId} was left waiting while ${idle.agentId} could take it`);
      }
      continue;
    }
    next += 1;
    if (seen.has(assignment.conversationId)) {
      violations.push(`${assignment.conversationId} was assigned twice`);
    }
    seen.add(assignment.conversationId);
    const agent = agents.get(assignment.agentId);
    const load = loads.get(assignment.agentId) ?? 0;
    if (agent === undefined) {
      violations.push(`${assignment.conversationId} went to unknown agent ${assignment.agentId}`);
      continue;
    }
    if (assignment.queue !== queue) {
      violations.push(`${assignment.conversationId} was planned in ${assignment.queue}, not its effective queue ${queue}`);
    }
    if (!isEligible(agent, load, conversation, queue)) {
      violations.push(`${assignment.conversationId} went to ineligible ${agent.agentId} (load ${load})`);
    }
    if (assignment.weight !== weightOn(conversation, agent)) {
      violations.push(`${assignment.conversationId} weighs ${assignment.weight}`);
    }
    const preferred = conversation.preferredAgent;
    const preferredAgent = preferred === undefined ? undefined : agents.get(preferred.agentId);
    const shouldPrefer =
      preferred !== undefined &&
      preferredAgent !== undefined &&
      input.now.getTime() < preferred.until.getTime() &&
      isEligible(preferredAgent, loads.get(preferred.agentId) ?? 0, conversation, queue);
    if (shouldPrefer && (assignment.agentId !== preferred.agentId || assignment.reason !== 'preferred-agent')) {
      violations.push(`${assignment.conversationId} skipped its eligible preferred agent ${preferred.agentId}`);
    }
    if (!shouldPrefer && assignment.reason !== 'longest-idle') {
      violations.push(`${assignment.conversationId} claims a preferred agent it could not have`);
    }
    const after = load + assignment.weight;
    if (after > agent.capacity + 1e-9) {
      violations.push(`${agent.agentId} went over capacity: ${after} > ${agent.capacity}`);
    }
    loads.set(agent.agentId, after);
  }
  if (next !== plan.length) {
    violations.push(`the plan is out of order, or names a conversation that is not waiting, at position ${next}`);
  }
  return violations;
}
