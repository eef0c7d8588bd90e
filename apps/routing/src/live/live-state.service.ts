import { Injectable } from '@nestjs/common';
import { RoutingRepository } from '@parley/routing-data-access';
import { loadOf } from '../routing/agent-state.ts';
import { groupByAgent } from '../routing/assignment.service.ts';
import { RoutingSettingsService } from '../routing/routing-settings.service.ts';

export interface QueueLiveState {
  queue: string;
  defined: boolean;
  priority: number | null;
  serviceLevelSeconds: number | null;
  waiting: number;
  longestWaitSeconds: number;
  offered: number;
  assigned: number;
  agents: { available: number; away: number; offline: number; withRoom: number };
}

export interface AgentLiveState {
  agentId: string;
  displayName: string;
  queues: string[];
  presence: string;
  presenceReason: string | null;
  connected: boolean;
  active: boolean;
  onCall: boolean;
  capacity: number;
  load: number;
  conversations: number;
  offers: number;
  lastAssignedAt: string | null;
}

export interface TenantLiveState {
  at: string;
  queues: QueueLiveState[];
  agents: AgentLiveState[];
  totals: { waiting: number; longestWaitSeconds: number; available: number; away: number; offline: number; capacity: number; load: number };
}

/** The tenant's routing as it stands: queue depth, longest wait, agents by state and load; for the desk and reporting. */
@Injectable()
export class LiveStateService {
  constructor(
    private readonly repository: RoutingRepository,
    private readonly settings: RoutingSettingsService,
  ) {}

  async stateOf(tenantId: string, now = new Date()): Promise<TenantLiveState> {
    const [settings, queues, figures, agents, held] = await Promise.all([
      this.settings.settingsOf(tenantId),
      this.repository.queues(tenantId),
      this.repository.queueFigures(tenantId),
      this.repository.agents(tenantId),
      this.repository.heldConversations(tenantId),
    ]);
    const heldBy = groupByAgent(held);
    const agentStates: AgentLiveState[] = agents.map((agent) => {
      const { load, conversations, offers } = loadOf(agent, heldBy.get(agent.agentId) ?? [], now, settings);
      return {
        agentId: agent.agentId,
        displayName: agent.displayName,
        queues: agent.queues,
        presence: agent.presence,
        presenceReason: agent.presenceReason,
        connected: agent.connected,
        active: agent.active,
        onCall: agent.onCallId !== null,
        capacity: agent.capacity,
        load: Math.round(load * 1000) / 1000,
        conversations,
        offers,
        lastAssignedAt: agent.lastAssignedAt?.toISOString() ?? null,
      };
    });
    const figuresByQueue = new Map(figures.map((figure) => [figure.queue, figure]));
    const definedByKey = new Map(queues.map((queue) => [queue.key, queue]));
    const queueKeys = [...new Set([...definedByKey.keys(), ...figuresByQueue.keys()])].sort();
    const queueStates = queueKeys.map((key): QueueLiveState => {
      const figure = figuresByQueue.get(key);
      const defined = definedByKey.get(key);
      const serving = agentStates.filter((agent) => agent.active && agent.queues.includes(key));
      return {
        queue: key,
        defined: defined !== undefined,
        priority: defined?.priority ?? null,
        serviceLevelSeconds: defined?.serviceLevelSeconds ?? null,
        waiting: figure?.waiting ?? 0,
        longestWaitSeconds: secondsSince(figure?.oldestQueuedSince ?? null, now),
        offered: figure?.offered ?? 0,
        assigned: figure?.assigned ?? 0,
        agents: {
          available: serving.filter((agent) => agent.presence === 'available').length,
          away: serving.filter((agent) => agent.presence === 'away').length,
          offline: serving.filter((agent) => agent.presence === 'offline').length,
          withRoom: serving.filter((agent) => agent.presence === 'available' && agent.connected && !agent.onCall && agent.capacity - agent.load >= 1).length,
        },
      };
    });
    const active = agentStates.filter((agent) => agent.active);
    return {
      at: now.toISOString(),
      queues: queueStates,
      agents: agentStates,
      totals: {
        waiting: queueStates.reduce((sum, queue) => sum + queue.waiting, 0),
        longestWaitSeconds: Math.max(0, ...queueStates.map((queue) => queue.longestWaitSeconds)),
        available: active.filter((agent) => agent.presence === 'available').length,
        away: active.filter((agent) => agent.presence === 'away').length,
        offline: active.filter((agent) => agent.presence === 'offline').length,
        capacity: active.reduce((sum, agent) => sum + agent.capacity, 0),
        load: Math.round(active.reduce((sum, agent) => sum + agent.load, 0) * 1000) / 1000,
      },
    };
  }
}

function secondsSince(since: Date | null, now: Date): number {
  return since === null ? 0 : Math.max(0, Math.round((now.getTime() - since.getTime()) / 100) / 10);
}
