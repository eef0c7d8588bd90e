import { conversationWeight, type Channel, type RoutingPolicy } from '../load/conversation-weight.ts';
import { followOverflow, type RoutingQueue } from '../queues/routing-queue.ts';
import { BinaryHeap } from './binary-heap.ts';

import type { Presence } from '@parley/contracts';

/** One agent as the routing service loaded it, under the tenant's lock. */
export interface AgentSnapshot {
  agentId: string;
  presence: Presence;
  /** False for a deactivated employee, who keeps their history but gets no work. */
  active: boolean;
  /** The queues the agent serves. */
  queues: string[];
  /** How much load the agent carries at most, e.g. 3 SMS conversations; a voice interaction takes all of it. */
  capacity: number;
  /** The agent's current weighted load, pending offers included (see `conversationWeight`). */
  load: number;
  /** When the agent last got a conversation; the oldest is "idle longest", and null (never) is idlest of all. */
  lastAssignedAt: Date | null;
}

/** A conversation waiting in a queue for an agent. */
export interface WaitingConversation {
  conversationId: string;
  /** The queue the conversation joined; overflow may move it on (see `effectiveQueue`). */
  queue: string;
  /** The conversation's own priority, 0..100, added to its queue's. */
  priority: number;
  queuedSince: Date;
  /** Handed back by an agent (offline, deactivated, transfer): served before the others of its rank, whatever their wait. */
  atFront?: boolean;
  channel: Channel;
  /** A returning customer's last agent, preferred while `until` (the sticky window's end) is ahead. */
  preferredAgent?: { agentId: string; until: Date };
  /** Agents who declined the conversation or let its offer time out, who are not offered it again. */
  excludedAgents: string[];
}

export type AssignmentReason = 'preferred-agent' | 'longest-idle';

export interface PlannedAssignment {
  conversationId: string;
  agentId: string;
  /** The effective queue, after overflow. */
  queue: string;
  reason: AssignmentReason;
  /** The load the conversation adds to the agent. */
  weight: number;
}

export interface PlanningInput {
  queues: readonly RoutingQueue[];
  /** A repeated agentId counts once, as its first entry; an agent with no positive capacity or a load that is not a finite number ≥ 0 gets nothing. */
  agents: readonly AgentSnapshot[];
  /** A repeated conversationId is assigned at most once. */
  waiting: readonly WaitingConversation[];
  now: Date;
  policy: RoutingPolicy;
  /** The most assignments to plan; unlimited when absent. */
  limit?: number;
}

/** One decision of a planning session: an assignment, `waiting` when nobody could take the conversation, or `done`. */
export type PlanningStep = PlannedAssignment | 'waiting' | 'done';

// Absorbs float rounding in summed fractional loads, so a load that should be exactly 2 still leaves room for one more on a capacity of 3.
const ROOM_TOLERANCE = 1e-9;
const NEVER_ASSIGNED = Number.NEGATIVE_INFINITY;

interface AgentState {
  readonly agentId: string;
  readonly capacity: number;
  readonly queues: ReadonlySet<string>;
  load: number;
  /** Epoch milliseconds, or NEVER_ASSIGNED. */
  lastAssignedAt: number;
  /** 0 for the snapshot's time, n after the plan's n-th assignment, so later assignments at the same `now` count as more recent. */
  assignmentSequence: number;
  /** Bumped on every change, which makes every pool entry made before it stale. */
  version: number;
}

/** An agent's ordering key frozen when the entry was pushed, since a heap cannot have keys change under it. */
interface PoolEntry {
  readonly agent: AgentState;
  readonly version: number;
  readonly lastAssignedAt: number;
  readonly assignmentSequence: number;
  readonly load: number;
}

/** The agents of one queue able to take its next conversation of each channel, idlest first. */
interface QueuePools {
  readonly sms: BinaryHeap<PoolEntry>;
  readonly voice: BinaryHeap<PoolEntry>;
}

function isIdler(a: PoolEntry, b: PoolEntry): boolean {
  if (a.lastAssignedAt !== b.lastAssignedAt) {
    return a.lastAssignedAt < b.lastAssignedAt;
  }
  if (a.assignmentSequence !== b.assignmentSequence) {
    return a.assignmentSequence < b.assignmentSequence;
  }
  if (a.load !== b.load) {
    return a.load < b.load;
  }
  return a.agent.agentId < b.agent.agentId;
}

function entryOf(agent: AgentState): PoolEntry {
  return {
    agent,
    version: agent.version,
    lastAssignedAt: agent.lastAssignedAt,
    assignmentSequence: agent.assignmentSequence,
    load: agent.load,
  };
}

function hasRoom(agent: AgentState, weight: number): boolean {
  return agent.capacity - agent.load + ROOM_TOLERANCE >= weight;
}

function isWorkable(agent: AgentSnapshot): boolean {
  // A corrupt load or capacity must not turn into unlimited room, so such an agent waits for a clean snapshot.
  const hasSaneLoad = Number.isFinite(agent.capacity) && agent.capacity > 0 && Number.isFinite(agent.load) && agent.load >= 0;
  return agent.active && agent.presence === 'available' && hasSaneLoad;
}

/**
 * Decides waiting conversations one at a time, in priority order, against per-queue heaps of agents; an agent's
 * change pushes fresh entries and leaves the old ones to be dropped when they surface, so no decision scans all agents.
 * Conversations come off a heap rather than a full sort, so a small `limit` does not pay for ordering the whole backlog.
 * `planAssignments` drives it; the performance spec and the routing benchmark drive it directly to time single decisions.
 */
export class PlanningSession {
  private readonly now: Date;
  private readonly nowMs: number;
  private readonly policy: RoutingPolicy;
  private readonly agentsById = new Map<string, AgentState>();
  private readonly pools = new Map<string, QueuePools>();
  private readonly waiting: readonly WaitingConversation[];
  /** Each waiting conversation's effective queue, by its index in `waiting`. */
  private readonly queueOf: string[];
  /** Indexes into `waiting`, best-ranked first; plain numbers keep a large backlog from costing an object each. */
  private readonly order: BinaryHeap<number>;
  private readonly planned = new Set<string>();
  private readonly smsWeight: number;
  private assignments = 0;
  /** Agents who can still take some conversation; at zero the rest of the backlog cannot be placed. */
  private agentsWithRoom = 0;

  constructor(input: Omit<PlanningInput, 'limit'>) {
    this.now = input.now;
    this.nowMs = input.now.getTime();
    this.policy = input.policy;
    // Every waiting SMS conversation has a customer expecting an answer, so it weighs the same on every agent.
    this.smsWeight = conversationWeight({ channel: 'sms' }, 1, this.now, this.policy);

    const queuesByKey = new Map<string, RoutingQueue>();
    for (const queue of input.queues) {
      if (!queuesByKey.has(queue.key)) {
        queuesByKey.set(queue.key, queue);
      }
    }

    const waiting = input.waiting;
    const ranks = new Float64Array(waiting.length);
    const fronts = new Uint8Array(waiting.length);
    const queuedAts = new Float64Array(waiting.length);
    const indexes: number[] = [];
    this.waiting = waiting;
    this.queueOf = [];
    for (const [index, conversation] of waiting.entries()) {
      const queuedAt = conversation.queuedSince.getTime();
      const queue = followOverflow(conversation.queue, this.nowMs - queuedAt, queuesByKey);
      this.queueOf.push(queue);
      ranks[index] = (queuesByKey.get(queue)?.priority ?? 0) + conversation.priority;
      fronts[index] = conversation.atFront === true ? 1 : 0;
      queuedAts[index] = queuedAt;
      indexes.push(index);
    }
    const isServedBefore = (a: number, b: number): boolean => {
      const rankA = ranks[a] ?? 0;
      const rankB = ranks[b] ?? 0;
      if (rankA !== rankB) {
        return rankA > rankB;
      }
      if (fronts[a] !== fronts[b]) {
        return fronts[a] === 1;
      }
      const queuedA = queuedAts[a] ?? 0;
      const queuedB = queuedAts[b] ?? 0;
      if (queuedA !== queuedB) {
        return queuedA < queuedB;
      }
      // Code-unit order rather than localeCompare, so the plan does not depend on the host's locale.
      return (waiting[a]?.conversationId ?? '') < (waiting[b]?.conversationId ?? '');
    };
    this.order = new BinaryHeap(isServedBefore, indexes);

    const smsEntries = new Map<string, PoolEntry[]>();
    const voiceEntries = new Map<string, PoolEntry[]>();
    for (const snapshot of input.agents) {
      if (this.agentsById.has(snapshot.agentId) || !isWorkable(snapshot)) {
        continue;
      }
      const agent: AgentState = {
        agentId: snapshot.agentId,
        capacity: snapshot.capacity,
        queues: new Set(snapshot.queues),
        load: snapshot.load,
        lastAssignedAt: snapshot.lastAssignedAt === null ? NEVER_ASSIGNED : snapshot.lastAssignedAt.getTime(),
        assignmentSequence: 0,
        version: 0,
      };
      this.agentsById.set(agent.agentId, agent);
      const canTakeSms = hasRoom(agent, this.smsWeight);
      const canTakeVoice = hasRoom(agent, agent.capacity);
      if (canTakeSms || canTakeVoice) {
        this.agentsWithRoom += 1;
      }
      for (const queue of agent.queues) {
        if (canTakeSms) {
          appendTo(smsEntries, queue, entryOf(agent));
        }
        if (canTakeVoice) {
          appendTo(voiceEntries, queue, entryOf(agent));
        }
      }
    }
    for (const queue of new Set([...smsEntries.keys(), ...voiceEntries.keys()])) {
      this.pools.set(queue, {
        sms: new BinaryHeap(isIdler, smsEntries.get(queue)),
        voice: new BinaryHeap(isIdler, voiceEntries.get(queue)),
      });
    }
  }

  /** Decides the next waiting conversation in order; `done` once none is left that any agent could take. */
  decideNext(): PlanningStep {
    const index = this.agentsWithRoom > 0 ? this.order.pop() : undefined;
    const conversation = index === undefined ? undefined : this.waiting[index];
    const queue = index === undefined ? undefined : this.queueOf[index];
    if (conversation === undefined || queue === undefined) {
      return 'done';
    }
    if (this.planned.has(conversation.conversationId)) {
      return 'waiting';
    }
    const preferred = this.findPreferredAgent(conversation, queue);
    if (preferred !== undefined) {
      return this.assign(conversation, queue, preferred, 'preferred-agent');
    }
    const idlest = this.findIdlestAgent(conversation, queue);
    return idlest === undefined ? 'waiting' : this.assign(conversation, queue, idlest, 'longest-idle');
  }

  private findPreferredAgent(conversation: WaitingConversation, queue: string): AgentState | undefined {
    const preferred = conversation.preferredAgent;
    if (preferred === undefined || this.nowMs >= preferred.until.getTime()) {
      return undefined;
    }
    const agent = this.agentsById.get(preferred.agentId);
    const isEligible =
      agent !== undefined &&
      agent.queues.has(queue) &&
      !conversation.excludedAgents.includes(agent.agentId) &&
      hasRoom(agent, this.weightOf(conversation, agent));
    return isEligible ? agent : undefined;
  }

  private findIdlestAgent(conversation: WaitingConversation, queue: string): AgentState | undefined {
    const pools = this.pools.get(queue);
    if (pools === undefined) {
      return undefined;
    }
    const pool = conversation.channel === 'voice' ? pools.voice : pools.sms;
    // Allocated only when an excluded agent surfaces, since most conversations exclude nobody.
    let setAside: PoolEntry[] | undefined;
    let chosen: AgentState | undefined;
    for (let entry = pool.peek(); entry !== undefined; entry = pool.peek()) {
      const agent = entry.agent;
      if (entry.version !== agent.version || !hasRoom(agent, this.weightOf(conversation, agent))) {
        // Room only shrinks during a plan and every waiting conversation of a channel weighs the same on an agent, so a full agent stays full.
        pool.pop();
      } else if (conversation.excludedAgents.includes(agent.agentId)) {
        pool.pop();
        setAside ??= [];
        setAside.push(entry);
      } else {
        chosen = agent;
        break;
      }
    }
    for (const entry of setAside ?? []) {
      pool.push(entry);
    }
    return chosen;
  }

  private assign(conversation: WaitingConversation, queue: string, agent: AgentState, reason: PlannedAssignment['reason']): PlannedAssignment {
    const weight = this.weightOf(conversation, agent);
    this.assignments += 1;
    agent.load += weight;
    agent.lastAssignedAt = this.nowMs;
    agent.assignmentSequence = this.assignments;
    agent.version += 1;
    this.planned.add(conversation.conversationId);
    // The agent now carries load, so only the SMS pools can take them back; their voice entries are stale for good.
    if (hasRoom(agent, this.smsWeight)) {
      for (const served of agent.queues) {
        this.pools.get(served)?.sms.push(entryOf(agent));
      }
    } else {
      this.agentsWithRoom -= 1;
    }
    return { conversationId: conversation.conversationId, agentId: agent.agentId, queue, reason, weight };
  }

  private weightOf(conversation: WaitingConversation, agent: AgentState): number {
    return conversationWeight(conversation, agent.capacity, this.now, this.policy);
  }
}

function appendTo(entries: Map<string, PoolEntry[]>, queue: string, entry: PoolEntry): void {
  const list = entries.get(queue);
  if (list === undefined) {
    entries.set(queue, [entry]);
  } else {
    list.push(entry);
  }
}

/**
 * Decides which waiting conversation goes to which agent, deterministically for a given snapshot.
 *
 * Conversations go in order of their effective queue's priority plus their own (highest first), then those
 * handed back to the front, then the longest waiting, then conversationId. Each goes to its preferred agent while the sticky window is open and
 * that agent is eligible, otherwise to the eligible agent idle longest, then least loaded, then by agentId.
 * Eligible means active, available, serving the effective queue, not excluded, and with room for the
 * conversation's weight (a voice conversation needs an agent with no load). A conversation nobody can take
 * stays waiting without holding up the ones after it, and each assignment updates the agent's load and makes
 * them the most recently assigned before the next decision. A queue missing from `queues` ranks with priority 0
 * and is served by whichever agents list it.
 */
export function planAssignments(input: PlanningInput): PlannedAssignment[] {
  const limit = input.limit === undefined ? Number.POSITIVE_INFINITY : Math.floor(input.limit);
  const plan: PlannedAssignment[] = [];
  if (!(limit > 0)) {
    return plan;
  }
  const session = new PlanningSession(input);
  while (plan.length < limit) {
    const step = session.decideNext();
    if (step === 'done') {
      break;
    }
    if (step !== 'waiting') {
      plan.push(step);
    }
  }
  return plan;
}
