import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { RoutingClient } from '../admin/routing.client.ts';
import { DeskAccess, Principal } from '../identity/desk-access.decorator.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { ConversationAccessService } from './conversation-access.service.ts';
import { DeskCommandsService, type CommandAnswer } from './desk-commands.service.ts';
import { commandAnswerSchema, conversationIdParam, conversationViewSchema, historySchema, transcriptSchema, transferBodySchema } from './desk.dto.ts';
import { IDEMPOTENCY_HEADER, IdempotencyKey } from './idempotency-key.decorator.ts';

/** Reading conversations (an agent their own, supervisors any), their transcripts and history, and reassigning. */
@ApiTag('desk: conversations')
@Controller('api')
export class ConversationsController {
  constructor(
    private readonly access: ConversationAccessService,
    private readonly commands: DeskCommandsService,
    private readonly routing: RoutingClient,
  ) {}

  @Get('conversations/:conversationId')
  @DeskAccess({ roles: ['agent', 'supervisor'] })
  @ApiDoc({ summary: 'A conversation as routing has it, with its numbers', response: z.object({ conversation: conversationViewSchema }) })
  async conversation(@Principal() principal: DeskPrincipal, @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string): Promise<unknown> {
    return { conversation: await this.access.describe(principal, await this.access.visible(principal, conversationId)) };
  }

  @Get('conversations/:conversationId/transcript')
  @DeskAccess({ roles: ['agent', 'supervisor', 'compliance'] })
  @ApiDoc({ summary: 'The archived transcript; the archive records the user as its reader', response: transcriptSchema })
  async transcript(@Principal() principal: DeskPrincipal, @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string): Promise<unknown> {
    if (principal.user.role === 'agent') {
      await this.access.visible(principal, conversationId);
    }
    return this.access.transcript(principal, conversationId);
  }

  @Get('conversations/:conversationId/history')
  @DeskAccess({ roles: ['agent', 'supervisor'] })
  @ApiDoc({ summary: 'The same customer\'s earlier conversations over the last year, newest first', response: historySchema })
  async history(@Principal() principal: DeskPrincipal, @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string): Promise<unknown> {
    return { conversations: await this.access.history(principal, await this.access.visible(principal, conversationId)) };
  }

  @Get('conversations/:conversationId/history/:earlierConversationId/transcript')
  @DeskAccess({ roles: ['agent', 'supervisor'] })
  @ApiDoc({ summary: 'An earlier conversation\'s transcript, when it is the same customer\'s', response: transcriptSchema })
  async earlierTranscript(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Param('earlierConversationId', new ZodValidationPipe(conversationIdParam)) earlierConversationId: string,
  ): Promise<unknown> {
    return this.access.earlierTranscript(principal, await this.access.visible(principal, conversationId), earlierConversationId);
  }

  @Post('conversations/:conversationId/reassign')
  @DeskAccess({ roles: ['supervisor'] })
  @ApiDoc({
    summary: 'Reassign an assigned conversation to a queue or an agent; routing checks it as a transfer by its holder',
    description: '200 applied, 202 pending, 409 `conversation.not-assigned` or `command.<refusal>`.',
    body: transferBodySchema,
    example: { target: { kind: 'queue', queue: 'support' }, note: 'Rebalancing' },
    response: commandAnswerSchema,
    headers: [IDEMPOTENCY_HEADER],
  })
  async reassign(
    @Principal() principal: DeskPrincipal,
    @Param('conversationId', new ZodValidationPipe(conversationIdParam)) conversationId: string,
    @Body(new ZodValidationPipe(transferBodySchema)) body: z.output<typeof transferBodySchema>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const answer = await this.commands.reassign(principal, conversationId, body, key);
    void reply.status(answer.outcome === 'pending' ? 202 : 200);
    return answer;
  }

  @Get('live-view')
  @DeskAccess({ roles: ['supervisor', 'admin'] })
  @ApiDoc({ summary: 'Routing\'s live view: queues (waiting, longest wait, offered, assigned, agents) and agents (presence, load)', response: z.object({ at: z.string(), queues: z.array(z.record(z.string(), z.unknown())), agents: z.array(z.record(z.string(), z.unknown())), totals: z.record(z.string(), z.unknown()) }) })
  async live(@Principal() principal: DeskPrincipal): Promise<unknown> {
    return this.routing.live(principal.tenant.id);
  }
}
