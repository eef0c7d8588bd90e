import type { OFFER_REASONS, Presence } from '@parley/contracts';
import type { Channel, RoutedStage } from '@parley/routing-domain';

/** An agent as routing keeps them: profile and live state. */
export interface AgentRecord {
  tenantId: string;
  agentId: string;
  displayName: string;
  queues: string[];
  capacity: number;
  autoAccept: boolean;
  presence: Presence;
  presenceReason: string | null;
  connected: boolean;
  onCallId: string | null;
  active: boolean;
  /** When the agent went offline or lost their desk; the grace period runs from here. */
  unavailableSince: Date | null;
  lastAssignedAt: Date | null;
}

/** A conversation as routing keeps it. */
export interface ConversationRecord {
  conversationId: string;
  tenantId: string;
  businessNumberId: string | null;
  customerNumber: string | null;
  channel: Channel;
  stage: RoutedStage;
  queue: string | null;
  priority: number;
  queuedSince: Date | null;
  atFront: boolean;
  agentId: string | null;
  offerId: string | null;
  offerAttempts: number;
  offerExpiresAt: Date | null;
  offerReason: string | null;
  excludedAgents: string[];
  preferredAgentId: string | null;
  preferredUntil: Date | null;
  waitingOnCustomerSince: Date | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  disposition: string | null;
  startedAt: Date;
}

/** A waiting conversation as an assignment round needs it. */
export interface WaitingCandidate {
  conversationId: string;
  queue: string;
  priority: number;
  queuedSince: Date;
  atFront: boolean;
  channel: Channel;
  excludedAgents: string[];
  preferredAgentId: string | null;
  preferredUntil: Date | null;
}

/** What an offered or assigned conversation puts on its agent, for summing loads. */
export interface HeldConversation {
  agentId: string;
  conversationId: string;
  stage: 'offered' | 'assigned';
  channel: Channel;
  waitingOnCustomerSince: Date | null;
}

/** One planned offer or assignment, written in a batch. */
export interface OfferWrite {
  conversationId: string;
  agentId: string;
  queue: string;
  offerId: string;
  reason: (typeof OFFER_REASONS)[number];
  /** Null when the agent's profile accepts at once. */
  expiresAt: Date | null;
}

/** The events one transaction decided, kept in the outbox until Kafka has them. */
export interface OutboxEntry {
  position: string;
  envelopes: Array<{ eventId: string; type: string; schemaVersion: number } & Record<string, unknown>>;
}
