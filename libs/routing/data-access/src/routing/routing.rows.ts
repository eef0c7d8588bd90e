import { PRESENCES, type Presence } from '@parley/contracts';
import type { Channel, RoutedStage } from '@parley/routing-domain';
import type { AgentRecord, ConversationRecord, HeldConversation } from './routing.records.ts';

export interface AgentRow {
  tenant_id: string;
  agent_id: string;
  display_name: string;
  queues: string[];
  capacity: number;
  auto_accept: boolean;
  presence: string;
  presence_reason: string | null;
  connected: boolean;
  on_call_id: string | null;
  active: boolean;
  unavailable_since: Date | null;
  last_assigned_at: Date | null;
}

export const AGENT_COLUMNS = `tenant_id, agent_id, display_name, queues, capacity, auto_accept, presence, presence_reason, connected,
  on_call_id, active, unavailable_since, last_assigned_at`;

export interface ConversationRow {
  conversation_id: string;
  tenant_id: string;
  business_number_id: string | null;
  customer_number: string | null;
  channel: string;
  stage: string;
  queue: string | null;
  priority: number;
  queued_since: Date | null;
  at_front: boolean;
  agent_id: string | null;
  offer_id: string | null;
  offer_attempts: number;
  offer_expires_at: Date | null;
  offer_reason: string | null;
  excluded_agents: string[];
  preferred_agent_id: string | null;
  preferred_until: Date | null;
  waiting_on_customer_since: Date | null;
  assigned_at: Date | null;
  closed_at: Date | null;
  disposition: string | null;
  started_at: Date;
}

export const CONVERSATION_COLUMNS = `conversation_id, tenant_id, business_number_id, customer_number, channel, stage, queue, priority,
  queued_since, at_front, agent_id, offer_id, offer_attempts, offer_expires_at, offer_reason, excluded_agents, preferred_agent_id,
  preferred_until, waiting_on_customer_since, assigned_at, closed_at, disposition, started_at`;

const STAGES: readonly RoutedStage[] = ['front-door', 'waiting', 'offered', 'assigned', 'closed'];

/** Stored values are checked on the way out: the CHECK constraints allow only these, and a row that breaks them says so loudly. */
function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    throw new Error(`routing row with unknown ${what} ${value}`);
  }
  return found;
}

export function presenceOf(value: string): Presence {
  return oneOf(PRESENCES, value, 'presence');
}

export function channelOf(value: string): Channel {
  return oneOf<Channel>(['sms', 'voice'], value, 'channel');
}

export function stageOf(value: string): RoutedStage {
  return oneOf(STAGES, value, 'stage');
}

export function toAgent(row: AgentRow): AgentRecord {
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    displayName: row.display_name,
    queues: row.queues,
    capacity: row.capacity,
    autoAccept: row.auto_accept,
    presence: presenceOf(row.presence),
    presenceReason: row.presence_reason,
    connected: row.connected,
    onCallId: row.on_call_id,
    active: row.active,
    unavailableSince: row.unavailable_since,
    lastAssignedAt: row.last_assigned_at,
  };
}

export function toConversation(row: ConversationRow): ConversationRecord {
  return {
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    businessNumberId: row.business_number_id,
    customerNumber: row.customer_number,
    channel: channelOf(row.channel),
    stage: stageOf(row.stage),
    queue: row.queue,
    priority: row.priority,
    queuedSince: row.queued_since,
    atFront: row.at_front,
    agentId: row.agent_id,
    offerId: row.offer_id,
    offerAttempts: row.offer_attempts,
    offerExpiresAt: row.offer_expires_at,
    offerReason: row.offer_reason,
    excludedAgents: row.excluded_agents,
    preferredAgentId: row.preferred_agent_id,
    preferredUntil: row.preferred_until,
    waitingOnCustomerSince: row.waiting_on_customer_since,
    assignedAt: row.assigned_at,
    closedAt: row.closed_at,
    disposition: row.disposition,
    startedAt: row.started_at,
  };
}

export interface HeldRow {
  agent_id: string;
  conversation_id: string;
  stage: 'offered' | 'assigned';
  channel: string;
  waiting_on_customer_since: Date | null;
}

export const HELD_COLUMNS = 'agent_id, conversation_id, stage, channel, waiting_on_customer_since';

export function toHeld(row: HeldRow): HeldConversation {
  return {
    agentId: row.agent_id,
    conversationId: row.conversation_id,
    stage: row.stage,
    channel: channelOf(row.channel),
    waitingOnCustomerSince: row.waiting_on_customer_since,
  };
}
