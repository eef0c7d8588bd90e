import { agentStateAt } from '../agents/agent-timeline.ts';
import type { ReportingState } from '../engine/reporting-engine.ts';
import { roundRatio, secondsOf } from '../intervals/interval-clock.ts';
import type { ReportChannel } from '../rows/report-rows.ts';

export interface LiveQueueFigures {
  readonly queue: string;
  readonly channel: ReportChannel;
  readonly waiting: number;
  readonly longestWaitSeconds: number;
}

export interface LiveAgentFigures {
  readonly agentId: string;
  readonly presence: string;
  readonly onCall: boolean;
  readonly conversations: number;
  readonly capacity: number;
  readonly occupancy: number;
}

/**
 * Live figures of one tenant as the engine's state says at `now`: who waits where and for how long, and what each
 * known agent holds. Offered and handled today are the sums of today's interval rows, which the service keeps.
 */
export function liveFigures(state: ReportingState, tenantId: string, now: Date): { queues: LiveQueueFigures[]; agents: LiveAgentFigures[] } {
  const nowMs = now.getTime();
  const queues = new Map<string, { queue: string; channel: ReportChannel; waiting: number; longestMs: number }>();
  const wait = (queue: string, channel: ReportChannel, since: number): void => {
    const id = `${queue}/${channel}`;
    const entry = queues.get(id) ?? { queue, channel, waiting: 0, longestMs: 0 };
    entry.waiting += 1;
    entry.longestMs = Math.max(entry.longestMs, nowMs - since);
    queues.set(id, entry);
  };
  const held = new Map<string, number>();
  for (const conversation of state.conversations.values()) {
    if (conversation.tenantId !== tenantId || !conversation.figures) {
      continue;
    }
    if (conversation.figures.waiting) {
      wait(conversation.figures.waiting.queue, 'sms', conversation.figures.waiting.since);
    }
    if (conversation.figures.holder) {
      held.set(conversation.figures.holder, (held.get(conversation.figures.holder) ?? 0) + 1);
    }
  }
  for (const call of state.calls.values()) {
    if (call.tenantId === tenantId && call.figures?.waiting) {
      wait(call.figures.waiting.queue, 'voice', call.figures.waiting.since);
    }
  }
  const agents: LiveAgentFigures[] = [];
  for (const agent of state.agents.values()) {
    if (agent.tenantId !== tenantId) {
      continue;
    }
    const last = agentStateAt(agent.events, nowMs);
    const conversations = held.get(agent.agentId) ?? 0;
    const capacity = last?.payload.capacity ?? 1;
    const onCall = last?.payload.onCall ?? false;
    agents.push({
      agentId: agent.agentId,
      presence: last && last.payload.active ? last.payload.presence : 'offline',
      onCall,
      conversations,
      capacity,
      occupancy: onCall ? 1 : roundRatio(Math.min(1, conversations / capacity)),
    });
  }
  return {
    queues: [...queues.values()]
      .map((entry) => ({ queue: entry.queue, channel: entry.channel, waiting: entry.waiting, longestWaitSeconds: secondsOf(Math.max(0, entry.longestMs)) }))
      .sort((left, right) => (left.queue === right.queue ? (left.channel < right.channel ? -1 : 1) : left.queue < right.queue ? -1 : 1)),
    agents: agents.sort((left, right) => (left.agentId < right.agentId ? -1 : 1)),
  };
}
