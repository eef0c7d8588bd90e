import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository } from '@parley/gateway-data-access';
import { RoutingClient, type RoutedConversation } from '../admin/routing.client.ts';
import { ServiceAdminClient } from '../admin/service-admin.client.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';

/** How far back the customer's earlier conversations are looked for. */
const HISTORY_DAYS = 365;

export interface ConversationView {
  conversationId: string;
  stage: RoutedConversation['stage'];
  queue: string | null;
  agentId: string | null;
  offerId: string | null;
  offerExpiresAt: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  disposition: string | null;
  customerNumber: string | null;
  businessNumber: string | null;
  businessNumberId: string | null;
  channel: RoutedConversation['channel'];
  startedAt: string;
}

interface SearchRow {
  conversationId: string | null;
  occurredAt: string;
  agentId: string | null;
  queue: string | null;
  disposition: string | null;
}

function notFound(conversationId: string): DomainError {
  return new DomainError('not-found', 'conversation.not-found', `No conversation ${conversationId}.`);
}

/**
 * Which conversations a desk user may see, in their tenant: an agent those offered to or held by them, supervisors
 * any. Another tenant's conversation, or one that is not the agent's, is not found.
 */
@Injectable()
export class ConversationAccessService {
  constructor(
    private readonly routing: RoutingClient,
    private readonly services: ServiceAdminClient,
    private readonly directory: DirectoryRepository,
  ) {}

  async visible(principal: DeskPrincipal, conversationId: string): Promise<RoutedConversation> {
    const conversation = await this.routing.conversation(principal.tenant.id, conversationId);
    if (!conversation || (principal.user.role === 'agent' && (conversation.agentId === null || conversation.agentId !== principal.user.agentId))) {
      throw notFound(conversationId);
    }
    return conversation;
  }

  async describe(principal: DeskPrincipal, conversation: RoutedConversation): Promise<ConversationView> {
    const number = conversation.businessNumberId === null ? undefined : await this.directory.findNumber(principal.tenant.id, conversation.businessNumberId);
    return {
      conversationId: conversation.conversationId,
      stage: conversation.stage,
      queue: conversation.queue,
      agentId: conversation.agentId,
      offerId: conversation.offerId,
      offerExpiresAt: conversation.offerExpiresAt,
      assignedAt: conversation.assignedAt,
      closedAt: conversation.closedAt,
      disposition: conversation.disposition,
      customerNumber: conversation.customerNumber,
      businessNumber: number?.e164 ?? null,
      businessNumberId: conversation.businessNumberId,
      channel: conversation.channel,
      startedAt: conversation.startedAt,
    };
  }

  /** The archive's transcript, with the user recorded as its reader; a conversation the archive does not have is not found. */
  async transcript(principal: DeskPrincipal, conversationId: string): Promise<unknown> {
    const transcript = await this.services.read('archive', principal.tenant.id, `archive/conversations/${conversationId}/transcript`, {
      headers: { 'x-parley-reader': principal.user.id },
    });
    return transcript ?? Promise.reject(notFound(conversationId));
  }

  /** The same customer's earlier conversations on the tenant's numbers, newest first, from the archive. */
  async history(principal: DeskPrincipal, conversation: RoutedConversation, now = new Date()): Promise<Array<Record<string, unknown>>> {
    if (conversation.customerNumber === null) {
      return [];
    }
    const search = new URLSearchParams({
      customerNumber: conversation.customerNumber,
      from: new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString(),
      to: new Date(now.getTime() + 60_000).toISOString(),
      pageSize: '500',
    });
    const page = await this.services.read<{ rows: SearchRow[] }>('archive', principal.tenant.id, 'archive/search', { search: `?${search.toString()}` });
    const byConversation = new Map<string, { firstAt: string; lastAt: string; records: number; agentIds: Set<string>; queues: Set<string>; disposition: string | null }>();
    for (const row of page?.rows ?? []) {
      if (row.conversationId === null || row.conversationId === conversation.conversationId) {
        continue;
      }
      const entry = byConversation.get(row.conversationId) ?? { firstAt: row.occurredAt, lastAt: row.occurredAt, records: 0, agentIds: new Set(), queues: new Set(), disposition: null };
      entry.records += 1;
      entry.firstAt = row.occurredAt < entry.firstAt ? row.occurredAt : entry.firstAt;
      entry.lastAt = row.occurredAt > entry.lastAt ? row.occurredAt : entry.lastAt;
      if (row.agentId !== null) {
        entry.agentIds.add(row.agentId);
      }
      if (row.queue !== null) {
        entry.queues.add(row.queue);
      }
      entry.disposition = row.disposition ?? entry.disposition;
      byConversation.set(row.conversationId, entry);
    }
    return [...byConversation.entries()]
      .map(([conversationId, entry]) => ({ conversationId, ...entry, agentIds: [...entry.agentIds], queues: [...entry.queues] }))
      .sort((a, b) => (a.lastAt < b.lastAt ? 1 : -1));
  }

  /** An earlier conversation's transcript, when it is the same customer's on the tenant's numbers. */
  async earlierTranscript(principal: DeskPrincipal, current: RoutedConversation, earlierConversationId: string): Promise<unknown> {
    const earlier = await this.routing.conversation(principal.tenant.id, earlierConversationId);
    if (!earlier || earlier.conversationId === current.conversationId || earlier.customerNumber === null || earlier.customerNumber !== current.customerNumber) {
      throw notFound(earlierConversationId);
    }
    return this.transcript(principal, earlierConversationId);
  }
}
