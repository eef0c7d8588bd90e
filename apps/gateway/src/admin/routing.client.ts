import { Injectable } from '@nestjs/common';
import { ServiceAdminClient } from './service-admin.client.ts';

/** A conversation as routing's admin API describes it. */
export interface RoutedConversation {
  conversationId: string;
  stage: 'front-door' | 'waiting' | 'offered' | 'assigned' | 'closed';
  queue: string | null;
  queuedSince: string | null;
  agentId: string | null;
  offerId: string | null;
  offerExpiresAt: string | null;
  offerReason: string | null;
  waitingOnCustomerSince: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  disposition: string | null;
  businessNumberId: string | null;
  customerNumber: string | null;
  channel: 'sms' | 'voice';
  startedAt: string;
}

/** Routing's live view, as far as the gateway reads it. */
export interface RoutingLiveView {
  at: string;
  queues: Array<{ queue: string; defined: boolean; waiting: number } & Record<string, unknown>>;
  agents: Array<{ agentId: string; displayName: string; presence: string; connected: boolean; active: boolean; onCall: boolean; capacity: number; load: number } & Record<string, unknown>>;
  totals: Record<string, unknown>;
}

/** Typed reads of routing's admin API, always within one tenant: another tenant's ids are simply not found. */
@Injectable()
export class RoutingClient {
  constructor(private readonly services: ServiceAdminClient) {}

  async conversation(tenantId: string, conversationId: string): Promise<RoutedConversation | undefined> {
    return (await this.services.read<{ conversation: RoutedConversation }>('routing', tenantId, `conversations/${conversationId}/routing`))?.conversation;
  }

  /** The agent's presence and the conversations offered to or held by them; offline with none when routing does not know the agent. */
  async workOf(tenantId: string, agentId: string): Promise<{ presence: string; conversations: RoutedConversation[] }> {
    return (await this.services.read<{ presence: string; conversations: RoutedConversation[] }>('routing', tenantId, `agents/${agentId}/conversations`)) ?? { presence: 'offline', conversations: [] };
  }

  async live(tenantId: string): Promise<RoutingLiveView> {
    return (await this.services.read<RoutingLiveView>('routing', tenantId, 'live')) ?? { at: new Date().toISOString(), queues: [], agents: [], totals: {} };
  }

  async dispositions(tenantId: string): Promise<string[]> {
    return (await this.services.read<{ settings: { dispositions?: string[] } }>('routing', tenantId, 'routing-settings'))?.settings.dispositions ?? [];
  }
}
