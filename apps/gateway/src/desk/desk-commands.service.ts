import { Inject, Injectable } from '@nestjs/common';
import {
  agentAcceptRequested,
  agentCloseRequested,
  agentDeclineRequested,
  agentPresenceRequested,
  agentTransferRequested,
  DomainError,
  type PayloadOf,
} from '@parley/contracts';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId, EventPublisher, newEventId } from '@parley/platform/messaging';
import { HttpException } from '@nestjs/common';
import { problem } from '@parley/platform/http';
import { RoutingClient, type RoutedConversation } from '../admin/routing.client.ts';
import type { GatewayConfig } from '../config.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { CommandOutcomes } from '../live/command-outcomes.ts';

export interface CommandAnswer {
  commandId: string;
  outcome: 'applied' | 'pending';
}

type AgentCommand = typeof agentAcceptRequested | typeof agentDeclineRequested | typeof agentTransferRequested | typeof agentCloseRequested | typeof agentPresenceRequested;

function conversationNotFound(conversationId: string): DomainError {
  return new DomainError('not-found', 'conversation.not-found', `No conversation ${conversationId}.`);
}

/**
 * Turns desk actions into routing's commands on agent.commands and waits a moment for routing's answer (the events
 * the command caused, or its refusal), so the desk usually learns the outcome in the same request.
 */
@Injectable()
export class DeskCommandsService {
  readonly #waitMs: number;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly outcomes: CommandOutcomes,
    private readonly routing: RoutingClient,
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.#waitMs = config.desk.commandWaitMs;
  }

  /** The conversation in the caller's tenant, refused as not found when it is not, and as closed when it is. */
  async openConversation(principal: DeskPrincipal, conversationId: string): Promise<RoutedConversation> {
    const conversation = await this.routing.conversation(principal.tenant.id, conversationId);
    if (!conversation) {
      throw conversationNotFound(conversationId);
    }
    if (conversation.stage === 'closed') {
      throw new DomainError('conflict', 'conversation.closed', 'The conversation is closed; the customer\'s next text starts a new one.');
    }
    return conversation;
  }

  async setPresence(principal: DeskPrincipal, payload: Omit<PayloadOf<typeof agentPresenceRequested>, 'agentId' | 'requestedAt'>, idempotencyKey?: string): Promise<CommandAnswer> {
    const agentId = requireAgent(principal);
    const commandId = idempotencyKey === undefined ? newEventId() : this.#keyedId(principal, 'presence', idempotencyKey);
    return this.#run(agentPresenceRequested, principal, undefined, commandId, { agentId, requestedAt: new Date().toISOString(), ...payload });
  }

  /** Accept and decline are keyed by the offer, so a double click sends the one command twice and routing applies it once. */
  async answerOffer(principal: DeskPrincipal, conversationId: string, offerId: string, answer: 'accept' | 'decline'): Promise<CommandAnswer> {
    const agentId = requireAgent(principal);
    await this.openConversation(principal, conversationId);
    const definition = answer === 'accept' ? agentAcceptRequested : agentDeclineRequested;
    const commandId = deriveEventId(`${principal.tenant.id}\u0000${agentId}\u0000${conversationId}\u0000${offerId}`, definition.type);
    return this.#run(definition, principal, conversationId, commandId, { agentId, offerId, requestedAt: new Date().toISOString() });
  }

  async transfer(principal: DeskPrincipal, conversationId: string, body: Pick<PayloadOf<typeof agentTransferRequested>, 'target' | 'note'>, idempotencyKey?: string): Promise<CommandAnswer> {
    const agentId = requireAgent(principal);
    await this.openConversation(principal, conversationId);
    const commandId = idempotencyKey === undefined ? newEventId() : this.#keyedId(principal, `transfer\u0000${conversationId}`, idempotencyKey);
    return this.#run(agentTransferRequested, principal, conversationId, commandId, { agentId, requestedAt: new Date().toISOString(), ...withoutUndefined(body) });
  }

  async close(principal: DeskPrincipal, conversationId: string, body: Pick<PayloadOf<typeof agentCloseRequested>, 'disposition' | 'note'>, idempotencyKey?: string): Promise<CommandAnswer> {
    const agentId = requireAgent(principal);
    await this.openConversation(principal, conversationId);
    const commandId = idempotencyKey === undefined ? newEventId() : this.#keyedId(principal, `close\u0000${conversationId}`, idempotencyKey);
    return this.#run(agentCloseRequested, principal, conversationId, commandId, { agentId, requestedAt: new Date().toISOString(), ...withoutUndefined(body) });
  }

  /** A supervisor moves an assigned conversation: a transfer on behalf of its holder, checked by routing like any transfer. */
  async reassign(principal: DeskPrincipal, conversationId: string, body: Pick<PayloadOf<typeof agentTransferRequested>, 'target' | 'note'>, idempotencyKey?: string): Promise<CommandAnswer> {
    const conversation = await this.openConversation(principal, conversationId);
    if (conversation.stage !== 'assigned' || conversation.agentId === null) {
      throw new DomainError('conflict', 'conversation.not-assigned', 'Only a conversation an agent holds can be reassigned; this one is ' + conversation.stage + '.');
    }
    const commandId = idempotencyKey === undefined ? newEventId() : this.#keyedId(principal, `reassign\u0000${conversationId}`, idempotencyKey);
    return this.#run(agentTransferRequested, principal, conversationId, commandId, {
      agentId: conversation.agentId,
      requestedAt: new Date().toISOString(),
      requestedBy: { kind: 'supervisor', userId: principal.user.id },
      ...withoutUndefined(body),
    });
  }

  #keyedId(principal: DeskPrincipal, purpose: string, idempotencyKey: string): string {
    return deriveEventId(`${principal.tenant.id}\u0000${principal.user.id}\u0000${idempotencyKey}`, purpose);
  }

  async #run<TDefinition extends AgentCommand>(
    definition: TDefinition,
    principal: DeskPrincipal,
    conversationId: string | undefined,
    commandId: string,
    payload: PayloadOf<TDefinition>,
  ): Promise<CommandAnswer> {
    const answer = this.outcomes.expect(commandId, this.#waitMs);
    await this.publisher.publish(definition, {
      tenantId: principal.tenant.id,
      ...(conversationId === undefined ? {} : { conversationId }),
      eventId: commandId,
      payload,
    });
    const outcome = await answer;
    this.metrics.deskCommands.inc({ command: definition.type, outcome: outcome?.kind ?? 'pending' });
    if (outcome?.kind === 'rejected') {
      throw new HttpException(
        problem(409, { code: `command.${outcome.code}`, detail: outcome.reason, details: { commandId, refusal: outcome.code } }),
        409,
      );
    }
    return { commandId, outcome: outcome === undefined ? 'pending' : 'applied' };
  }
}

export function requireAgent(principal: DeskPrincipal): string {
  if (principal.user.agentId === null) {
    throw new DomainError('forbidden', 'role.forbidden', 'Only agents work conversations.');
  }
  return principal.user.agentId;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
