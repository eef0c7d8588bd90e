import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { DomainError, opaqueIdSchema, queueKeySchema } from '@parley/contracts';
import { newEventId } from '@parley/platform/messaging';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { RoutingRepository, type AgentRecord, type ConversationRecord } from '@parley/routing-data-access';
import { agentProfileSchema, findOverflowCycle, routingQueueSchema, routingSettingsSchema, type AgentProfile, type RoutingSettings } from '@parley/routing-domain';
import { z } from 'zod';
import { LiveStateService, type TenantLiveState } from '../live/live-state.service.ts';
import { AgentCommandsService } from '../routing/agent-commands.service.ts';
import { QueueSettingsPublisher } from '../routing/queue-settings.publisher.ts';
import { RoutingSettingsService } from '../routing/routing-settings.service.ts';

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');
/** A queue's settings as the body of PUT queues/:queue; the key comes from the path. */
const queueBodySchema = z.strictObject({
  priority: z.number(),
  serviceLevelSeconds: z.number(),
  overflow: z.strictObject({ afterSeconds: z.number(), toQueue: z.string() }).optional(),
});

function describeAgent(agent: AgentRecord): Record<string, unknown> {
  return {
    agentId: agent.agentId,
    displayName: agent.displayName,
    queues: agent.queues,
    capacity: agent.capacity,
    autoAccept: agent.autoAccept,
    presence: agent.presence,
    presenceReason: agent.presenceReason,
    connected: agent.connected,
    onCall: agent.onCallId !== null,
    active: agent.active,
    lastAssignedAt: agent.lastAssignedAt?.toISOString() ?? null,
  };
}

function describeConversation(record: ConversationRecord): Record<string, unknown> {
  return {
    conversationId: record.conversationId,
    stage: record.stage,
    queue: record.queue,
    priority: record.priority,
    queuedSince: record.queuedSince?.toISOString() ?? null,
    atFront: record.atFront,
    agentId: record.agentId,
    offerId: record.offerId,
    offerExpiresAt: record.offerExpiresAt?.toISOString() ?? null,
    offerReason: record.offerReason,
    offerAttempts: record.offerAttempts,
    excludedAgents: record.excludedAgents,
    waitingOnCustomerSince: record.waitingOnCustomerSince?.toISOString() ?? null,
    assignedAt: record.assignedAt?.toISOString() ?? null,
    closedAt: record.closedAt?.toISOString() ?? null,
    disposition: record.disposition,
    businessNumberId: record.businessNumberId,
    customerNumber: record.customerNumber,
    channel: record.channel,
    startedAt: record.startedAt.toISOString(),
  };
}

/**
 * Routing's configuration and live view, for the gateway's admin API to call with the admin token: queues (priority,
 * service level, overflow), agents' routing profiles and deactivation, the tenant's routing settings, and the live state.
 */
@Controller('admin/tenants/:tenantId')
@UseGuards(AdminTokenGuard)
export class RoutingAdminController {
  constructor(
    private readonly repository: RoutingRepository,
    private readonly settings: RoutingSettingsService,
    private readonly commands: AgentCommandsService,
    private readonly live: LiveStateService,
    private readonly queueSettings: QueueSettingsPublisher,
  ) {}

  @Get('queues')
  async listQueues(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    return { queues: await this.repository.queues(tenantId) };
  }

  @Put('queues/:queue')
  async saveQueue(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('queue', new ZodValidationPipe(queueKeySchema)) key: string,
    @Body(new ZodValidationPipe(queueBodySchema)) body: z.infer<typeof queueBodySchema>,
  ): Promise<unknown> {
    const checked = routingQueueSchema.safeParse({ key, ...body });
    if (!checked.success) {
      throw new DomainError('invalid', 'queue.invalid', 'The queue cannot be saved: fix every error listed.', {
        errors: checked.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
    }
    const queue = checked.data;
    const others = (await this.repository.queues(tenantId)).filter((existing) => existing.key !== key);
    if (queue.overflow && !others.some((existing) => existing.key === queue.overflow?.toQueue)) {
      throw new DomainError('invalid', 'queue.overflow-target-missing', `No queue ${queue.overflow.toQueue} to overflow into: save it first.`);
    }
    const cycle = findOverflowCycle([...others, queue]);
    if (cycle) {
      throw new DomainError('invalid', 'queue.overflow-cycle', `Overflow would go round in a circle: ${[...cycle, cycle[0]].join(' → ')}.`);
    }
    await this.repository.saveQueue(tenantId, queue);
    // Saved first: a failed publish answers 503 and the operator's retry of this PUT publishes again.
    await this.queueSettings.publish(tenantId);
    return { queue };
  }

  @Get('queues/:queue')
  async readQueue(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('queue', new ZodValidationPipe(queueKeySchema)) key: string,
  ): Promise<unknown> {
    const queue = (await this.repository.queues(tenantId)).find((candidate) => candidate.key === key);
    if (!queue) {
      throw new DomainError('not-found', 'queue.not-found', `No queue ${key}.`);
    }
    return { queue };
  }

  @Delete('queues/:queue')
  @HttpCode(204)
  async deleteQueue(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('queue', new ZodValidationPipe(queueKeySchema)) key: string,
  ): Promise<void> {
    const outcome = await this.repository.deleteQueue(tenantId, key);
    if (outcome === 'missing') {
      throw new DomainError('not-found', 'queue.not-found', `No queue ${key}.`);
    }
    if (outcome === 'in-use') {
      throw new DomainError('conflict', 'queue.in-use', `Queue ${key} still has conversations or is another queue's overflow target.`);
    }
    await this.queueSettings.publish(tenantId);
  }

  @Get('agents')
  async listAgents(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    return { agents: (await this.repository.agents(tenantId)).map(describeAgent) };
  }

  @Get('agents/:agentId')
  async readAgent(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('agentId', new ZodValidationPipe(opaqueIdSchema)) agentId: string,
  ): Promise<unknown> {
    const agent = await this.repository.agent(tenantId, agentId);
    if (!agent) {
      throw new DomainError('not-found', 'agent.not-found', `No agent ${agentId}.`);
    }
    return { agent: describeAgent(agent) };
  }

  @Put('agents/:agentId')
  async saveAgent(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('agentId', new ZodValidationPipe(opaqueIdSchema)) agentId: string,
    @Body(new ZodValidationPipe(agentProfileSchema)) profile: AgentProfile,
  ): Promise<unknown> {
    const defined = new Set((await this.repository.queues(tenantId)).map((queue) => queue.key));
    const missing = profile.queues.filter((queue) => !defined.has(queue));
    if (missing.length > 0) {
      throw new DomainError('invalid', 'agent.unknown-queue', `No queue ${missing.join(', ')}: save the queues first.`, { queues: missing });
    }
    await this.repository.saveAgentProfile(tenantId, agentId, profile);
    const saved = await this.commands.inAgentScope(tenantId, agentId, newEventId(), async (scope) => {
      await this.commands.announce(scope, 'profile');
      return scope.agent;
    });
    return { agent: saved ? describeAgent(saved) : undefined };
  }

  /** What an agent's desk shows: the conversations offered to them and those they hold, oldest first. */
  @Get('agents/:agentId/conversations')
  async agentConversations(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('agentId', new ZodValidationPipe(opaqueIdSchema)) agentId: string,
  ): Promise<unknown> {
    const agent = await this.repository.agent(tenantId, agentId);
    if (!agent) {
      throw new DomainError('not-found', 'agent.not-found', `No agent ${agentId}.`);
    }
    return { presence: agent.presence, conversations: (await this.repository.conversationsOfAgent(tenantId, agentId)).map(describeConversation) };
  }

  /** An employee who left: their conversations go back to the front of their queues at once. */
  @Post('agents/:agentId/deactivate')
  async deactivate(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('agentId', new ZodValidationPipe(opaqueIdSchema)) agentId: string,
  ): Promise<unknown> {
    const result = await this.commands.inAgentScope(tenantId, agentId, newEventId(), async (scope) => {
      if (scope.agent.active) {
        await this.commands.deactivateIn(scope);
      }
      return true;
    });
    if (!result) {
      throw new DomainError('not-found', 'agent.not-found', `No agent ${agentId}.`);
    }
    return { agent: describeAgent((await this.repository.agent(tenantId, agentId)) as AgentRecord) };
  }

  /** Lets a deactivated agent work again; they come back offline and choose when to be available. */
  @Post('agents/:agentId/reactivate')
  async reactivate(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('agentId', new ZodValidationPipe(opaqueIdSchema)) agentId: string,
  ): Promise<unknown> {
    const result = await this.commands.inAgentScope(tenantId, agentId, newEventId(), async (scope) => {
      if (!scope.agent.active) {
        const changed: AgentRecord = { ...scope.agent, active: true, presence: 'offline', presenceReason: null };
        await scope.transaction.saveAgent(changed, scope.now);
        await this.commands.announce({ ...scope, agent: changed }, 'profile');
      }
      return true;
    });
    if (!result) {
      throw new DomainError('not-found', 'agent.not-found', `No agent ${agentId}.`);
    }
    return { agent: describeAgent((await this.repository.agent(tenantId, agentId)) as AgentRecord) };
  }

  @Get('routing-settings')
  async readSettings(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    return { settings: await this.repository.settings(tenantId) };
  }

  @Put('routing-settings')
  async saveSettings(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(routingSettingsSchema)) settings: RoutingSettings,
  ): Promise<unknown> {
    await this.settings.save(tenantId, settings);
    return { settings };
  }

  @Get('live')
  async liveState(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<TenantLiveState> {
    return this.live.stateOf(tenantId);
  }

  @Get('conversations/:conversationId/routing')
  async readConversation(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('conversationId', new ZodValidationPipe(opaqueIdSchema)) conversationId: string,
  ): Promise<unknown> {
    const record = await this.repository.conversation(tenantId, conversationId);
    if (!record) {
      throw new DomainError('not-found', 'conversation.not-found', `No conversation ${conversationId}.`);
    }
    return { conversation: describeConversation(record) };
  }
}
