import { describe, expect, it } from 'vitest';
import { findViolations, isEligible, rankWaiting, weightOn } from '../../test/plan-violations.ts';
import { randomSnapshot, seededRandom, type SnapshotShape } from '../../test/random-snapshot.ts';
import { planAssignments, type AgentSnapshot, type PlannedAssignment, type PlanningInput } from './assignment-planner.ts';

/** The rules read literally, scanning every agent for every conversation: slow, but easy to trust. */
function planByScanning(input: PlanningInput): PlannedAssignment[] {
  const state = new Map(input.agents.map((agent) => [agent.agentId, { load: agent.load, at: agent.lastAssignedAt?.getTime() ?? -Infinity, sequence: 0 }]));
  const plan: PlannedAssignment[] = [];
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  for (const { conversation, queue } of rankWaiting(input)) {
    if (plan.length >= limit) {
      break;
    }
    const eligible = input.agents.filter((agent) => isEligible(agent, state.get(agent.agentId)?.load ?? 0, conversation, queue));
    const preferred = conversation.preferredAgent;
    const preferredAgent =
      preferred !== undefined && input.now < preferred.until ? eligible.find((agent) => agent.agentId === preferred.agentId) : undefined;
    const idlest = [...eligible].sort((a, b) => {
      const [left, right] = [state.get(a.agentId)!, state.get(b.agentId)!];
      if (left.at !== right.at) {
        return left.at < right.at ? -1 : 1;
      }
      return left.sequence - right.sequence || left.load - right.load || (a.agentId < b.agentId ? -1 : 1);
    })[0];
    const chosen: AgentSnapshot | undefined = preferredAgent ?? idlest;
    if (chosen === undefined) {
      continue;
    }
    const weight = weightOn(conversation, chosen);
    const agentState = state.get(chosen.agentId)!;
    agentState.load += weight;
    agentState.at = input.now.getTime();
    agentState.sequence = plan.length + 1;
    plan.push({
      conversationId: conversation.conversationId,
      agentId: chosen.agentId,
      queue,
      reason: preferredAgent === undefined ? 'longest-idle' : 'preferred-agent',
      weight,
    });
  }
  return plan;
}

const SMALL: SnapshotShape = {
  queues: 4,
  agents: 8,
  waiting: 30,
  queuesPerAgent: [1, 3],
  capacities: [0, 1, 2, 3, 3, 4],
  loads: [0, 0, 0, 0.5, 1, 1.5, 2, 3],
  availableShare: 0.7,
  voiceShare: 0.2,
  preferredShare: 0.25,
  excludedShare: 0.25,
  overflowShare: 0.5,
  distinctAssignmentTimes: 4,
};

function shapeFor(seed: number): SnapshotShape {
  const random = seededRandom(seed * 7919);
  const shape: SnapshotShape = {
    ...SMALL,
    queues: random.int(1, 6),
    agents: random.int(0, 14),
    waiting: random.int(0, 50),
  };
  if (random.chance(0.2)) {
    shape.limit = random.int(0, 10);
  }
  return shape;
}

const SEEDS = Array.from({ length: 600 }, (_, index) => index + 1);

describe('planAssignments on random snapshots', () => {
  it('breaks no rule: capacity, one assignment per conversation, eligibility, order, and nobody left waiting beside an agent with room', () => {
    for (const seed of SEEDS) {
      const input = randomSnapshot(seededRandom(seed), shapeFor(seed));
      const violations = findViolations(input, planAssignments(input));
      expect({ seed, violations }).toEqual({ seed, violations: [] });
    }
  });

  it('matches the rules read literally, agent for agent', () => {
    for (const seed of SEEDS) {
      const input = randomSnapshot(seededRandom(seed), shapeFor(seed));
      expect({ seed, plan: planAssignments(input) }).toEqual({ seed, plan: planByScanning(input) });
    }
  });

  it('plans the same whatever order the snapshot lists agents, queues and conversations in', () => {
    for (const seed of SEEDS.slice(0, 200)) {
      const input = randomSnapshot(seededRandom(seed), shapeFor(seed));
      const shuffle = seededRandom(seed + 1_000_000);
      const shuffled = <T>(items: readonly T[]): T[] =>
        items
          .map((item) => ({ item, key: shuffle.next() }))
          .sort((a, b) => a.key - b.key)
          .map(({ item }) => item);
      const reordered = { ...input, agents: shuffled(input.agents), queues: shuffled(input.queues), waiting: shuffled(input.waiting) };
      expect({ seed, plan: planAssignments(reordered) }).toEqual({ seed, plan: planAssignments(input) });
    }
  });

  it('exercises every path: preferred agents, idlest agents, voice, and conversations left waiting', () => {
    const totals = { preferred: 0, idlest: 0, voice: 0, waiting: 0 };
    for (const seed of SEEDS) {
      const input = randomSnapshot(seededRandom(seed), shapeFor(seed));
      const plan = planAssignments(input);
      totals.preferred += plan.filter((assignment) => assignment.reason === 'preferred-agent').length;
      totals.idlest += plan.filter((assignment) => assignment.reason === 'longest-idle').length;
      totals.voice += plan.filter((assignment) => input.waiting.find((c) => c.conversationId === assignment.conversationId)?.channel === 'voice').length;
      totals.waiting += input.waiting.length - plan.length;
    }
    expect(totals.preferred).toBeGreaterThan(50);
    expect(totals.idlest).toBeGreaterThan(500);
    expect(totals.voice).toBeGreaterThan(50);
    expect(totals.waiting).toBeGreaterThan(500);
  });
});
