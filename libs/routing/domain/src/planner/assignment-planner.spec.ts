import { describe, expect, it } from 'vitest';
import { conversationWeight } from '../load/conversation-weight.ts';
import type { RoutingQueue } from '../queues/routing-queue.ts';
import { planAssignments, type AgentSnapshot, type PlannedAssignment, type PlanningInput, type WaitingConversation } from './assignment-planner.ts';

const NOW = new Date('2025-03-03T10:00:00.000Z');
const POLICY = { waitingOnCustomerWeight: 0.5, waitingOnCustomerAfterSeconds: 300 };

function secondsAgo(seconds: number): Date {
  return new Date(NOW.getTime() - seconds * 1000);
}

function queue(key: string, overrides: Partial<RoutingQueue> = {}): RoutingQueue {
  return { key, priority: 0, serviceLevelSeconds: 60, ...overrides };
}

function agent(agentId: string, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return { agentId, presence: 'available', active: true, queues: ['sales'], capacity: 3, load: 0, lastAssignedAt: null, ...overrides };
}

function waiting(conversationId: string, overrides: Partial<WaitingConversation> = {}): WaitingConversation {
  return { conversationId, queue: 'sales', priority: 0, queuedSince: secondsAgo(60), channel: 'sms', excludedAgents: [], ...overrides };
}

function plan(input: Partial<PlanningInput>): PlannedAssignment[] {
  return planAssignments({ queues: [queue('sales')], agents: [], waiting: [], now: NOW, policy: POLICY, ...input });
}

/** `conversation→agent` pairs in the order the planner decided them. */
function pairsOf(assignments: readonly PlannedAssignment[]): string[] {
  return assignments.map((assignment) => `${assignment.conversationId}→${assignment.agentId}`);
}

describe('planAssignments: the order conversations are served in', () => {
  it('serves higher priority first, then the longest waiting, then by conversationId', () => {
    const assignments = plan({
      agents: [agent('ana', { capacity: 10 })],
      waiting: [
        waiting('c-new', { queuedSince: secondsAgo(10) }),
        waiting('c-urgent', { priority: 20, queuedSince: secondsAgo(5) }),
        waiting('c-old', { queuedSince: secondsAgo(500) }),
        waiting('c-b', { queuedSince: secondsAgo(100) }),
        waiting('c-a', { queuedSince: secondsAgo(100) }),
      ],
    });

    expect(assignments.map((assignment) => assignment.conversationId)).toEqual(['c-urgent', 'c-old', 'c-a', 'c-b', 'c-new']);
  });

  it('ranks by the queue priority plus the conversation priority', () => {
    const assignments = plan({
      queues: [queue('vip', { priority: 50 }), queue('sales', { priority: 10 })],
      agents: [agent('ana', { queues: ['vip', 'sales'], capacity: 1 })],
      waiting: [
        waiting('vip-plain', { queue: 'vip', priority: 0, queuedSince: secondsAgo(900) }),
        waiting('sales-flagged', { queue: 'sales', priority: 45, queuedSince: secondsAgo(10) }),
      ],
    });

    expect(pairsOf(assignments)).toEqual(['sales-flagged→ana']);
  });

  it('lets the queue priority win when the sum says so', () => {
    const assignments = plan({
      queues: [queue('vip', { priority: 50 }), queue('sales', { priority: 10 })],
      agents: [agent('ana', { queues: ['vip', 'sales'], capacity: 1 })],
      waiting: [waiting('vip-plain', { queue: 'vip', queuedSince: secondsAgo(10) }), waiting('sales-flagged', { queue: 'sales', priority: 30, queuedSince: secondsAgo(900) })],
    });

    expect(pairsOf(assignments)).toEqual(['vip-plain→ana']);
  });

  it('serves conversations handed back to the front before the others of their rank, however long those waited', () => {
    const assignments = plan({
      agents: [agent('ana', { capacity: 10 })],
      waiting: [
        waiting('c-oldest', { queuedSince: secondsAgo(900) }),
        waiting('c-back-late', { atFront: true, queuedSince: secondsAgo(5) }),
        waiting('c-back-early', { atFront: true, queuedSince: secondsAgo(50) }),
        waiting('c-urgent', { priority: 10, queuedSince: secondsAgo(1) }),
      ],
    });

    expect(assignments.map((assignment) => assignment.conversationId)).toEqual(['c-urgent', 'c-back-early', 'c-back-late', 'c-oldest']);
  });

  it('ranks a conversation of an undefined queue as if its queue had priority 0', () => {
    const assignments = plan({
      queues: [queue('sales', { priority: 10 })],
      agents: [agent('ana', { queues: ['sales', 'legacy'], capacity: 1 })],
      waiting: [waiting('legacy', { queue: 'legacy', priority: 15 }), waiting('sales', { queue: 'sales', priority: 0 })],
    });

    expect(pairsOf(assignments)).toEqual(['legacy→ana']);
  });
});

describe('planAssignments: the preferred agent', () => {
  const agents = [agent('ana', { lastAssignedAt: null }), agent('bob', { lastAssignedAt: secondsAgo(10), load: 2 })];

  it('goes to the preferred agent within the sticky window, even when someone else is idler', () => {
    const assignments = plan({ agents, waiting: [waiting('c1', { preferredAgent: { agentId: 'bob', until: secondsAgo(-1) } })] });

    expect(assignments).toEqual([{ conversationId: 'c1', agentId: 'bob', queue: 'sales', reason: 'preferred-agent', weight: 1 }]);
  });

  it('falls back to the idlest agent once the window has closed', () => {
    const atTheEnd = plan({ agents, waiting: [waiting('c1', { preferredAgent: { agentId: 'bob', until: NOW } })] });
    const after = plan({ agents, waiting: [waiting('c1', { preferredAgent: { agentId: 'bob', until: secondsAgo(1) } })] });

    expect(atTheEnd).toEqual([{ conversationId: 'c1', agentId: 'ana', queue: 'sales', reason: 'longest-idle', weight: 1 }]);
    expect(after).toEqual(atTheEnd);
  });

  it.each([
    ['is full', agent('bob', { load: 3 })],
    ['is away', agent('bob', { presence: 'away' })],
    ['is offline', agent('bob', { presence: 'offline' })],
    ['has been deactivated', agent('bob', { active: false })],
    ['does not serve the queue', agent('bob', { queues: ['billing'] })],
  ])('falls back to the idlest agent when the preferred agent %s', (_, bob) => {
    const assignments = plan({
      agents: [bob, agent('ana', { lastAssignedAt: secondsAgo(60) })],
      waiting: [waiting('c1', { preferredAgent: { agentId: 'bob', until: secondsAgo(-600) } })],
    });

    expect(pairsOf(assignments)).toEqual(['c1→ana']);
    expect(assignments[0]?.reason).toBe('longest-idle');
  });

  it('falls back to the idlest agent when the preferred agent declined the conversation', () => {
    const assignments = plan({
      agents,
      waiting: [waiting('c1', { preferredAgent: { agentId: 'bob', until: secondsAgo(-600) }, excludedAgents: ['bob'] })],
    });

    expect(pairsOf(assignments)).toEqual(['c1→ana']);
  });

  it('falls back to the idlest agent when the preferred agent is not in the snapshot', () => {
    expect(pairsOf(plan({ agents, waiting: [waiting('c1', { preferredAgent: { agentId: 'zoe', until: secondsAgo(-600) } })] }))).toEqual(['c1→ana']);
  });

  it('gives the preferred agent the conversation in its turn, not ahead of higher-priority ones', () => {
    const assignments = plan({
      agents: [agent('bob', { capacity: 1 }), agent('ana', { lastAssignedAt: secondsAgo(5) })],
      waiting: [waiting('urgent', { priority: 50 }), waiting('returning', { preferredAgent: { agentId: 'bob', until: secondsAgo(-600) } })],
    });

    expect(pairsOf(assignments)).toEqual(['urgent→bob', 'returning→ana']);
  });
});

describe('planAssignments: declined offers', () => {
  it('does not offer a conversation again to the agents who declined it or let it time out', () => {
    const assignments = plan({
      agents: [agent('ana'), agent('bob', { lastAssignedAt: secondsAgo(30) }), agent('cy', { lastAssignedAt: secondsAgo(10) })],
      waiting: [waiting('c1', { excludedAgents: ['ana', 'bob'] })],
    });

    expect(pairsOf(assignments)).toEqual(['c1→cy']);
  });

  it('leaves a conversation every serving agent declined waiting, and still offers the next one to them', () => {
    const assignments = plan({
      agents: [agent('ana'), agent('bob', { lastAssignedAt: secondsAgo(30) })],
      waiting: [waiting('declined', { priority: 10, excludedAgents: ['ana', 'bob'] }), waiting('next')],
    });

    expect(pairsOf(assignments)).toEqual(['next→ana']);
  });
});

describe('planAssignments: capacity and weight', () => {
  it('fills an agent up to capacity and never beyond', () => {
    const assignments = plan({
      agents: [agent('ana', { capacity: 3, load: 1 })],
      waiting: [waiting('c1'), waiting('c2'), waiting('c3')],
    });

    expect(pairsOf(assignments)).toEqual(['c1→ana', 'c2→ana']);
  });

  it('gives an agent with less than one conversation of room no SMS', () => {
    expect(plan({ agents: [agent('ana', { capacity: 3, load: 2.5 })], waiting: [waiting('c1')] })).toEqual([]);
  });

  it('counts an agent whose customers have gone quiet as having room', () => {
    const ownConversations = [
      { channel: 'sms' as const, waitingOnCustomerSince: null },
      { channel: 'sms' as const, waitingOnCustomerSince: secondsAgo(900) },
      { channel: 'sms' as const, waitingOnCustomerSince: secondsAgo(400) },
    ];
    const load = ownConversations.reduce((sum, conversation) => sum + conversationWeight(conversation, 3, NOW, POLICY), 0);

    const assignments = plan({ agents: [agent('ana', { capacity: 3, load })], waiting: [waiting('c1'), waiting('c2')] });

    expect(load).toBe(2);
    expect(pairsOf(assignments)).toEqual(['c1→ana']);
  });

  it('fits fractional loads exactly at capacity', () => {
    const assignments = plan({ agents: [agent('ana', { capacity: 3, load: 0.1 + 0.2 + 0.7 })], waiting: [waiting('c1'), waiting('c2'), waiting('c3')] });

    expect(pairsOf(assignments)).toEqual(['c1→ana', 'c2→ana']);
  });

  it('gives a voice interaction the whole capacity of an agent with no load', () => {
    const assignments = plan({
      agents: [agent('ana', { capacity: 4 })],
      waiting: [waiting('call', { channel: 'voice', priority: 10 }), waiting('text')],
    });

    expect(assignments).toEqual([{ conversationId: 'call', agentId: 'ana', queue: 'sales', reason: 'longest-idle', weight: 4 }]);
  });

  it('does not give a voice interaction to an agent carrying any load, even an idler one', () => {
    const assignments = plan({
      agents: [agent('ana', { load: 0.5 }), agent('bob', { lastAssignedAt: secondsAgo(5) })],
      waiting: [waiting('call', { channel: 'voice' })],
    });

    expect(pairsOf(assignments)).toEqual(['call→bob']);
  });

  it('leaves a voice interaction waiting while every agent carries load, without holding up SMS', () => {
    const assignments = plan({
      agents: [agent('ana', { load: 1 })],
      waiting: [waiting('call', { channel: 'voice', priority: 50 }), waiting('text')],
    });

    expect(pairsOf(assignments)).toEqual(['text→ana']);
  });

  it('takes a voice interaction to the preferred agent only if they carry no load', () => {
    const preferred = { agentId: 'bob', until: secondsAgo(-600) };
    const busy = plan({ agents: [agent('ana'), agent('bob', { load: 1 })], waiting: [waiting('call', { channel: 'voice', preferredAgent: preferred })] });
    const free = plan({ agents: [agent('ana'), agent('bob', { lastAssignedAt: secondsAgo(1) })], waiting: [waiting('call', { channel: 'voice', preferredAgent: preferred })] });

    expect(pairsOf(busy)).toEqual(['call→ana']);
    expect(free).toEqual([{ conversationId: 'call', agentId: 'bob', queue: 'sales', reason: 'preferred-agent', weight: 3 }]);
  });

  it('shares one capacity across every queue the agent serves', () => {
    const assignments = plan({
      queues: [queue('sales'), queue('billing')],
      agents: [agent('ana', { queues: ['sales', 'billing'], capacity: 2 })],
      waiting: [waiting('s1', { queue: 'sales' }), waiting('b1', { queue: 'billing' }), waiting('s2', { queue: 'sales' })],
    });

    expect(assignments).toHaveLength(2);
  });

  it('gives an agent with a corrupt load or no capacity nothing', () => {
    const agents = [agent('nan', { load: Number.NaN }), agent('negative', { load: -1 }), agent('zero', { capacity: 0 })];

    expect(plan({ agents, waiting: [waiting('c1'), waiting('call', { channel: 'voice' })] })).toEqual([]);
  });
});

describe('planAssignments: who is idle longest', () => {
  it('prefers an agent never assigned, then the oldest last assignment', () => {
    const assignments = plan({
      agents: [
        agent('recent', { lastAssignedAt: secondsAgo(10) }),
        agent('old', { lastAssignedAt: secondsAgo(600) }),
        agent('never', { lastAssignedAt: null, load: 2 }),
      ],
      waiting: [waiting('c1'), waiting('c2'), waiting('c3')],
    });

    expect(pairsOf(assignments)).toEqual(['c1→never', 'c2→old', 'c3→recent']);
  });

  it('breaks a tie on idle time by the lighter load, then by agentId', () => {
    const at = secondsAgo(120);
    const assignments = plan({
      agents: [agent('zed', { lastAssignedAt: at, load: 1 }), agent('bea', { lastAssignedAt: at, load: 2 }), agent('abe', { lastAssignedAt: at, load: 1 })],
      waiting: [waiting('c1'), waiting('c2'), waiting('c3')],
    });

    expect(pairsOf(assignments)).toEqual(['c1→abe', 'c2→zed', 'c3→bea']);
  });

  it('counts an agent just assigned in this plan as the most recent, so work goes round', () => {
    const assignments = plan({
      agents: [agent('cy'), agent('ana'), agent('bob')],
      waiting: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((id) => waiting(id)),
    });

    expect(pairsOf(assignments)).toEqual(['c1→ana', 'c2→bob', 'c3→cy', 'c4→ana', 'c5→bob', 'c6→cy', 'c7→ana']);
  });

  it('counts a plan assignment as more recent than a snapshot assignment at the same instant', () => {
    const assignments = plan({
      agents: [agent('ana'), agent('bob', { lastAssignedAt: NOW })],
      waiting: [waiting('c1'), waiting('c2'), waiting('c3')],
    });

    expect(pairsOf(assignments)).toEqual(['c1→ana', 'c2→bob', 'c3→ana']);
  });
});

describe('planAssignments: overflow', () => {
  const queues = [
    queue('sales', { priority: 10, overflow: { afterSeconds: 120, toQueue: 'general' } }),
    queue('general', { priority: 60, overflow: { afterSeconds: 600, toQueue: 'sales' } }),
  ];

  it('plans a conversation in the queue it overflowed to once it has waited long enough', () => {
    const assignments = plan({
      queues,
      agents: [agent('seller', { queues: ['sales'] }), agent('generalist', { queues: ['general'] })],
      waiting: [waiting('fresh', { queuedSince: secondsAgo(119) }), waiting('stale', { queuedSince: secondsAgo(120) })],
    });

    expect(assignments).toEqual([
      { conversationId: 'stale', agentId: 'generalist', queue: 'general', reason: 'longest-idle', weight: 1 },
      { conversationId: 'fresh', agentId: 'seller', queue: 'sales', reason: 'longest-idle', weight: 1 },
    ]);
  });

  it('ranks an overflowed conversation by the priority of the queue it is in now', () => {
    const assignments = plan({
      queues,
      agents: [agent('ana', { queues: ['sales', 'general'], capacity: 1 })],
      waiting: [waiting('sales-flagged', { priority: 40, queuedSince: secondsAgo(30) }), waiting('overflowed', { queuedSince: secondsAgo(300) })],
    });

    expect(pairsOf(assignments)).toEqual(['overflowed→ana']);
  });

  it('stops an overflow cycle at the first repeat', () => {
    const assignments = plan({
      queues,
      agents: [agent('seller', { queues: ['sales'] }), agent('generalist', { queues: ['general'] })],
      waiting: [waiting('ancient', { queuedSince: secondsAgo(86_400) })],
    });

    expect(assignments).toEqual([{ conversationId: 'ancient', agentId: 'generalist', queue: 'general', reason: 'longest-idle', weight: 1 }]);
  });
});

describe('planAssignments: agents who get nothing', () => {
  it.each([
    ['away', agent('ana', { presence: 'away' })],
    ['offline', agent('ana', { presence: 'offline' })],
    ['deactivated', agent('ana', { active: false })],
  ])('gives an agent who is %s nothing', (_, ana) => {
    expect(plan({ agents: [ana], waiting: [waiting('c1'), waiting('call', { channel: 'voice' })] })).toEqual([]);
  });

  it('gives an agent nothing from a queue they do not serve', () => {
    expect(plan({ agents: [agent('ana', { queues: ['billing'] })], waiting: [waiting('c1')] })).toEqual([]);
  });
});

describe('planAssignments: conversations nobody can take', () => {
  it('leaves a conversation of a queue nobody serves waiting without blocking lower-priority queues', () => {
    const assignments = plan({
      queues: [queue('spanish', { priority: 100 }), queue('sales', { priority: 0 })],
      agents: [agent('ana', { queues: ['sales'] })],
      waiting: [waiting('hola', { queue: 'spanish' }), waiting('hello', { queue: 'sales' })],
    });

    expect(pairsOf(assignments)).toEqual(['hello→ana']);
  });

  it('plans nothing when nobody waits or nobody works', () => {
    expect(plan({ agents: [agent('ana')], waiting: [] })).toEqual([]);
    expect(plan({ agents: [], waiting: [waiting('c1')] })).toEqual([]);
  });
});

describe('planAssignments: limits and repeats', () => {
  const agents = [agent('ana'), agent('bob')];
  const conversations = [waiting('c1', { priority: 3 }), waiting('c2', { priority: 2 }), waiting('c3', { priority: 1 })];

  it('stops at the limit, keeping the highest-ranked assignments', () => {
    expect(pairsOf(plan({ agents, waiting: conversations, limit: 2 }))).toEqual(['c1→ana', 'c2→bob']);
  });

  it('counts only assignments towards the limit, not conversations left waiting', () => {
    const assignments = plan({ agents, waiting: [waiting('c0', { priority: 9, queue: 'nobody' }), ...conversations], limit: 1 });

    expect(pairsOf(assignments)).toEqual(['c1→ana']);
  });

  it('plans nothing with a limit of 0 or less, and everything with a limit beyond the work', () => {
    expect(plan({ agents, waiting: conversations, limit: 0 })).toEqual([]);
    expect(plan({ agents, waiting: conversations, limit: -5 })).toEqual([]);
    expect(plan({ agents, waiting: conversations, limit: 100 })).toHaveLength(3);
  });

  it('assigns a conversation listed twice only once', () => {
    expect(pairsOf(plan({ agents, waiting: [waiting('c1'), waiting('c1')] }))).toEqual(['c1→ana']);
  });

  it('counts an agent listed twice once, as their first entry', () => {
    const assignments = plan({ agents: [agent('ana', { capacity: 1 }), agent('ana', { capacity: 3 })], waiting: [waiting('c1'), waiting('c2')] });

    expect(pairsOf(assignments)).toEqual(['c1→ana']);
  });

  it('does not change the snapshot it was given', () => {
    const agents = [agent('ana', { load: 1 })];
    const snapshot = JSON.stringify(agents);

    plan({ agents, waiting: [waiting('c1')] });

    expect(JSON.stringify(agents)).toBe(snapshot);
  });
});
