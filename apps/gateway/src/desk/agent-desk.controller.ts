import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { PRESENCES } from '@parley/contracts';
import { ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { RoutingClient } from '../admin/routing.client.ts';
import { DeskAccess, Principal } from '../identity/desk-access.decorator.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { ConversationAccessService } from './conversation-access.service.ts';
import { DeskCommandsService, requireAgent, type CommandAnswer } from './desk-commands.service.ts';
import {
  closeBodySchema,
  commandAnswerSchema,
  conversationIdParam,
  heldViewSchema,
  offerBodySchema,
  offerViewSchema,
  presenceBodySchema,
  replyAnswerSchema,
  replyBodySchema,
  transferBodySchema,
} from './desk.dto.ts';
import { IDEMPOTENCY_HEADER, IdempotencyKey, REQUIRED_IDEMPOTENCY_HEADER } from './idempotency-key.decorator.ts';
import { RepliesService } from './replies.service.ts';

const AGENT = { roles: ['agent'] } as const;
const COMMAND_DESCRIPTION =
  '200 when routing applied the command within the wait, 202 when its answer is still to come (on the WebSocket), 409 `command.<refusal>` when routing refused it.';

/** 202 while routing's answer is still to come. */
function answered(reply: FastifyReply, answer: CommandAnswer): CommandAnswer {
  void reply.status(answer.outcome === 'pending' ? 202 : 200);
  return answer;
}

/** What an agent does all day: presence, offers, their conversations, replies, transfers and closes. */
@ApiTag('desk: agents')
@Controller('api')
export class AgentDeskController {
  constructor(
    private readonly commands: DeskCommandsService,
    private readonly replies: RepliesService,
    private readonly routing: RoutingClient,
    private readonly access: ConversationAccessService,
  ) {}

  @Put('me/presence')
  @DeskAccess(AGENT)
  @ApiDoc({ summary: 'Set presence: available takes offers, away keeps conversations, offline hands them back after the grace period', description: COMMAND_DESCRIPTION, body: presenceBodySchema, example: { presence: 'available' }, response: commandAnswerSchema, headers: [IDEMPOTENCY_HEADER] })
  async presence(
    @Principal() principal: DeskPrincipal,
    @Body(new ZodValidationPipe(presenceBodySchema)) body: z.output<typeof presenceBodySchema>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return answered(reply, await this.commands.setPresence(principal, body, key));
  }

  @Get('me/work')
  @DeskAccess(AGENT)
  @ApiDoc({
    summary: "The agent's presence, the offers waiting for them and the conversations they hold, as routing has them now",
    response: z.object({ presence: z.enum(PRESENCES), offers: z.array(offerViewSchema), conversations: z.array(heldViewSchema) }),
  })
  async work(@Principal() principal: DeskPrincipal): Promise<unknown> {
    const agentId = requireAgent(principal);
    const { presence, conversations } = await this.routing.workOf(principal.tenant.id, agentId);
    const described = await Promise.all(conversations.map(async (conversation) => ({ conversation, view: await this.access.describe(principal, conversation) })));
    return {
      presence,
      offers: described
        .filter(({ conversation }) => conversation.stage === 'offered')
        .map(({ conversation, view }) => ({
          conversationId: conversation.conversationId,
          offerId: conversation.offerId,
          queue: conversation.queue,
          expiresAt: conversation.offerExpiresAt,
          reason: conversation.offerReason,
          customerNumber: conversation.customerNumber,
          businessNumber: view.businessNumber,
          channel: conversation.channel,
          queuedSince: conversation.queuedSince,
        })),
      conversations: described
        .filter(({ conversation }) => conversation.stage === 'assigned')
        .map(({ conversation, view }) => ({
          conversationId: conversation.conversationId,
          queue: conversation.queue,
          assignedAt: conversation.assignedAt,
          customerNumber: conversation.customerNumber,
          businessNumber: view.businessNumber,
          channel: conversation.channel,
          waitingOnCustomerSince: conversation.waitingOnCustomerSince,
        })),
    };
  }

  @Get('transfer-targets')
  @DeskAccess({ roles: ['agent', 'supervisor'] })
  @ApiDoc({
    summary: 'Where a conversation can be transferred: the queues, and the agents with their presence and room',
    response: z.object({
      queues: z.array(z.object({ queue: z.string(), waiting: z.number() })),
      agents: z.array(z.object({ agentId: z.string(), displayName: z.string(), presence: z.string(), hasRoom: z.boolean() })),
    }),
  })
  async transferTargets(@Principal() principal: DeskPrincipal): Promise<unknown> {
    const live = await this.routing.live(principal.tenant.id);
    return {
      queues: live.queues.filter((queue) => queue.defined).map((queue) => ({ queue: queue.queue, waiting: queue.waiting })),
      agents: live.agents
        .filter((agent) => agent.active && agent.agentId !== principal.user.agentId)
        .map((agent) => ({
          agentId: agent.agentId,
          displayName: agent.displayName,
          presence: agent.presence,
          hasRoom: agent.presence === 'available' && agent.connected && !agent.onCall && agent.capacity - agent.load >= 1,
        })),
    };
  }

  @Post('conversations/:conversationId/accept')
  @DeskAccess(AGENT)
  @ApiDoc({ summary: 'Accept an offer (a repeated accept of the same offer is the same command)', description: COMMAND_DESCRIPTION, body: offerBodySchema, example: { offerId: 'off_example_0001' }, response: commandAnswerSchema })
  async accept(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Body(new ZodValidationPipe(offerBodySchema)) body: z.output<typeof offerBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return answered(reply, await this.commands.answerOffer(principal, conversationId, body.offerId, 'accept'));
  }

  @Post('conversations/:conversationId/decline')
  @DeskAccess(AGENT)
  @ApiDoc({ summary: 'Decline an offer; the conversation goes to the next agent', description: COMMAND_DESCRIPTION, body: offerBodySchema, example: { offerId: 'off_example_0001' }, response: commandAnswerSchema })
  async decline(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Body(new ZodValidationPipe(offerBodySchema)) body: z.output<typeof offerBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return answered(reply, await this.commands.answerOffer(principal, conversationId, body.offerId, 'decline'));
  }

  @Post('conversations/:conversationId/transfer')
  @DeskAccess(AGENT)
  @ApiDoc({ summary: 'Transfer a held conversation to a queue or an agent, with a note', description: COMMAND_DESCRIPTION, body: transferBodySchema, example: { target: { kind: 'queue', queue: 'support' }, note: 'Billing question' }, response: commandAnswerSchema, headers: [IDEMPOTENCY_HEADER] })
  async transfer(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Body(new ZodValidationPipe(transferBodySchema)) body: z.output<typeof transferBodySchema>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return answered(reply, await this.commands.transfer(principal, conversationId, body, key));
  }

  @Post('conversations/:conversationId/close')
  @DeskAccess(AGENT)
  @ApiDoc({ summary: 'Close a held conversation with a disposition', description: COMMAND_DESCRIPTION, body: closeBodySchema, example: { disposition: 'resolved' }, response: commandAnswerSchema, headers: [IDEMPOTENCY_HEADER] })
  async close(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Body(new ZodValidationPipe(closeBodySchema)) body: z.output<typeof closeBodySchema>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return answered(reply, await this.commands.close(principal, conversationId, body, key));
  }

  @Post('conversations/:conversationId/messages')
  @DeskAccess(AGENT)
  @ApiDoc({
    summary: 'Reply to the customer; screened by the compliance filter before it is sent',
    description: '200 approved (with the text as it will be sent), 202 while the verdict is still to come, 422 `reply.blocked` with the reasons, 409 when the conversation is closed or not held.',
    body: replyBodySchema,
    example: { text: 'Hello! How can I help?' },
    response: replyAnswerSchema,
    headers: [REQUIRED_IDEMPOTENCY_HEADER],
  })
  async sendMessage(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Body(new ZodValidationPipe(replyBodySchema)) body: z.output<typeof replyBodySchema>,
    @IdempotencyKey(true) key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const answer = await this.replies.send(principal, conversationId, body.text, key);
    void reply.status(answer.status === 'pending' ? 202 : 200);
    return answer;
  }

  @Get('dispositions')
  @DeskAccess({ roles: ['agent', 'supervisor', 'admin'] })
  @ApiDoc({ summary: 'The tenant\'s disposition codes (empty: any well-formed code)', response: z.object({ dispositions: z.array(z.string()) }) })
  async dispositions(@Principal() principal: DeskPrincipal): Promise<unknown> {
    return { dispositions: await this.routing.dispositions(principal.tenant.id) };
  }
}
