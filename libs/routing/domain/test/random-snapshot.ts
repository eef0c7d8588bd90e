import type { Presence } from '@parley/contracts';
import type { AgentSnapshot, PlanningInput, WaitingConversation } from '../src/planner/assignment-planner.ts';
import type { RoutingQueue } from '../src/queues/routing-queue.ts';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32, so a failing random case can be replayed from its seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) {
        throw new Error('cannot pick from an empty list');
      }
      return item;
    },
  };
}

export interface SnapshotShape {
  queues: number;
  agents: number;
  waiting: number;
  queuesPerAgent: readonly [number, number];
  capacities: readonly number[];
  loads: readonly number[];
  /** The share of agents active and available; the rest are split between away, offline and deactivated. */
  availableShare: number;
  voiceShare: number;
  preferredShare: number;
  excludedShare: number;
  overflowShare: number;
  /** How many distinct lastAssignedAt values agents share, few enough to force ties. */
  distinctAssignmentTimes: number;
  limit?: number;
}

export const NOW = new Date('2025-03-03T10:00:00.000Z');
export const POLICY = { waitingOnCustomerWeight: 0.5, waitingOnCustomerAfterSeconds: 300 };

function secondsBefore(now: Date, seconds: number): Date {
  return new Date(now.getTime() - seconds * 1000);
}

/** One tenant's snapshot drawn at random in the given shape, including the awkward cases (ties, cycles, unknown queues). */
export function randomSnapshot(random: Random, shape: SnapshotShape): PlanningInput {
  const keys = Array.from({ length: shape.queues }, (_, index) => `q${index}`);
  const queues: RoutingQueue[] = keys.map((key) => {
    const queue: RoutingQueue = { key, priority: random.int(0, 10) * 10, serviceLevelSeconds: 60 };
    if (random.chance(shape.overflowShare)) {
      // Sometimes into a queue nobody defined, and sometimes back into a cycle.
      const toQueue = random.chance(0.1) ? 'ghost' : random.pick(keys);
      if (toQueue !== key) {
        queue.overflow = { afterSeconds: random.int(1, 20) * 30, toQueue };
      }
    }
    return queue;
  });
  const servable = [...keys, 'ghost'];

  const times = Array.from({ length: shape.distinctAssignmentTimes }, (_, index) => (index === 0 ? null : secondsBefore(NOW, index * 45)));
  const agents: AgentSnapshot[] = Array.from({ length: shape.agents }, (_, index) => {
    const isAvailable = random.chance(shape.availableShare);
    const presence: Presence = isAvailable ? 'available' : random.pick(['available', 'away', 'offline'] as const);
    const served = new Set<string>();
    const servedCount = random.int(shape.queuesPerAgent[0], shape.queuesPerAgent[1]);
    while (served.size < Math.min(servedCount, servable.length)) {
      served.add(random.chance(0.02) ? 'ghost' : random.pick(keys));
    }
    const capacity = random.pick(shape.capacities);
    return {
      agentId: `agent-${String(index).padStart(4, '0')}`,
      presence,
      active: isAvailable || random.chance(0.5),
      queues: [...served],
      capacity,
      load: Math.min(capacity, random.pick(shape.loads)),
      lastAssignedAt: random.pick(times),
    };
  });

  const waiting: WaitingConversation[] = Array.from({ length: shape.waiting }, (_, index) => {
    const conversation: WaitingConversation = {
      conversationId: `conv-${String(index).padStart(5, '0')}`,
      queue: random.chance(0.02) ? 'ghost' : random.pick(keys),
      priority: random.int(0, 5) * 10,
      // Few distinct ages, so conversations often tie on rank and age and fall back to conversationId.
      queuedSince: secondsBefore(NOW, random.int(0, 40) * 15),
      channel: random.chance(shape.voiceShare) ? 'voice' : 'sms',
      excludedAgents: [],
    };
    if (agents.length > 0 && random.chance(shape.preferredShare)) {
      const until = random.chance(0.7) ? secondsBefore(NOW, -random.int(1, 3600)) : secondsBefore(NOW, random.int(0, 3600));
      conversation.preferredAgent = { agentId: random.pick(agents).agentId, until };
    }
    if (agents.length > 0 && random.chance(shape.excludedShare)) {
      conversation.excludedAgents = Array.from({ length: random.int(1, 3) }, () => random.pick(agents).agentId);
    }
    return conversation;
  });

  const input: PlanningInput = { queues, agents, waiting, now: NOW, policy: POLICY };
  if (shape.limit !== undefined) {
    input.limit = shape.limit;
  }
  return input;
}
