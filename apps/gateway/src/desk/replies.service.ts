import { HttpException, Inject, Injectable } from '@nestjs/common';
import { DomainError, smsOutboundRequested } from '@parley/contracts';
import { DirectoryRepository } from '@parley/gateway-data-access';
import { derivedId } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { problem } from '@parley/platform/http';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import type { GatewayConfig } from '../config.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { CommandOutcomes } from '../live/command-outcomes.ts';
import { DeskCommandsService, requireAgent } from './desk-commands.service.ts';

export interface ReplyAnswer {
  messageId: string;
  status: 'approved' | 'pending';
  text?: string;
}

/**
 * An agent's reply: checked against the conversation they hold, requested on sms.outbound.requested for the
 * compliance filter to screen, and answered with its verdict when it comes in time. The message id is derived from
 * the idempotency key, so a repeated send is the same message, which the sender's ledger sends once.
 */
@Injectable()
export class RepliesService {
  readonly #secret: string;
  readonly #waitMs: number;

  constructor(
    private readonly commands: DeskCommandsService,
    private readonly directory: DirectoryRepository,
    private readonly publisher: EventPublisher,
    private readonly outcomes: CommandOutcomes,
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.#secret = config.edge.keySecret;
    this.#waitMs = config.desk.commandWaitMs;
  }

  async send(principal: DeskPrincipal, conversationId: string, text: string, idempotencyKey: string): Promise<ReplyAnswer> {
    const agentId = requireAgent(principal);
    const conversation = await this.commands.openConversation(principal, conversationId);
    if (conversation.agentId !== agentId) {
      throw new DomainError('not-found', 'conversation.not-found', `No conversation ${conversationId}.`);
    }
    if (conversation.stage !== 'assigned') {
      throw new DomainError('conflict', 'conversation.not-held', 'Accept the conversation before replying.');
    }
    const number = conversation.businessNumberId === null ? undefined : await this.directory.findNumber(principal.tenant.id, conversation.businessNumberId);
    if (!number || conversation.customerNumber === null) {
      throw new DomainError('conflict', 'conversation.no-number', 'The conversation has no business or customer number to text.');
    }
    const messageId = derivedId('msg', this.#secret, ['desk-reply', principal.tenant.id, principal.user.id, conversationId, idempotencyKey]);
    const requestId = deriveEventId(messageId, smsOutboundRequested.type);
    const verdict = this.outcomes.expect(requestId, this.#waitMs);
    await this.publisher.publish(smsOutboundRequested, {
      tenantId: principal.tenant.id,
      conversationId,
      eventId: requestId,
      payload: {
        messageId,
        businessNumber: number.e164,
        customerNumber: conversation.customerNumber,
        text,
        requestedBy: { kind: 'agent', agentId },
        purpose: 'conversation',
        requestedAt: new Date().toISOString(),
      },
    });
    const outcome = await verdict;
    this.metrics.deskCommands.inc({ command: smsOutboundRequested.type, outcome: outcome?.kind ?? 'pending' });
    if (outcome?.kind === 'blocked') {
      throw new HttpException(
        problem(422, {
          code: 'reply.blocked',
          detail: `Not sent: ${outcome.explanation}`,
          details: { messageId, reasons: outcome.reasons, explanation: outcome.explanation },
        }),
        422,
      );
    }
    if (outcome?.kind === 'approved') {
      return { messageId, status: 'approved', text: outcome.text };
    }
    return { messageId, status: 'pending' };
  }
}
