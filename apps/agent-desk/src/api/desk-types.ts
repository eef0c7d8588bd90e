// The shapes the gateway's desk API answers with (docs/desk-api.md; the OpenAPI document at /docs/openapi.json).

export type Role = 'agent' | 'supervisor' | 'compliance' | 'admin';
export type Presence = 'available' | 'away' | 'offline';

export interface DeskUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agentId: string | null;
  status: 'invited' | 'active' | 'deactivated';
  createdAt: string;
  lastLoginAt: string | null;
}

export interface DeskSession {
  user: DeskUser;
  tenant: { id: string; slug: string; name: string };
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
}

export interface Offer {
  conversationId: string;
  offerId: string;
  queue: string;
  expiresAt: string;
  reason: string;
  customerNumber: string | null;
  businessNumber: string | null;
  channel: string;
  queuedSince: string | null;
}

export interface HeldConversation {
  conversationId: string;
  queue: string;
  assignedAt: string;
  customerNumber: string | null;
  businessNumber: string | null;
  channel: string;
  waitingOnCustomerSince: string | null;
}

export interface AgentWork {
  presence: Presence;
  offers: Offer[];
  conversations: HeldConversation[];
}

export interface CommandAnswer {
  commandId: string;
  outcome: 'applied' | 'pending';
}

export interface ReplyAnswer {
  messageId: string;
  status: 'approved' | 'pending';
  text?: string;
}

export interface TranscriptRecord {
  recordId: string;
  sequence: number;
  eventType: string;
  kind: string;
  occurredAt: string;
  text: string | null;
  redacted: boolean;
  attributes: Record<string, unknown>;
}

export interface Transcript {
  conversationId: string;
  records: TranscriptRecord[];
}

export interface HistoryEntry {
  conversationId: string;
  firstAt: string;
  lastAt: string;
  records: number;
  agentIds: string[];
  queues: string[];
  disposition: string | null;
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  updatedAt: string;
}

export interface TransferTargets {
  queues: { queue: string; waiting: number }[];
  agents: { agentId: string; displayName: string; presence: Presence; hasRoom: boolean }[];
}

export interface LiveQueue {
  queue: string;
  waiting: number;
  longestWaitSeconds: number;
  offered: number;
  assigned: number;
  agents: { available: number; away: number; offline: number; withRoom: number };
}

export interface LiveAgent {
  agentId: string;
  displayName?: string;
  presence: Presence;
  load?: number;
  capacity?: number;
  [key: string]: unknown;
}

export interface LiveView {
  at: string;
  queues: LiveQueue[];
  agents: LiveAgent[];
  totals?: Record<string, number>;
}

export interface ConversationSummary {
  conversationId: string;
  stage: string;
  queue: string | null;
  agentId: string | null;
  offerId: string | null;
  offerExpiresAt: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  disposition: string | null;
  customerNumber: string | null;
  businessNumber: string | null;
  channel: string | null;
  startedAt: string | null;
}

export interface ArchiveRow {
  recordId: string;
  conversationId: string;
  occurredAt: string;
  eventType: string;
  kind: string;
  customerNumber: string | null;
  businessNumber: string | null;
  agentId: string | null;
  queue: string | null;
  disposition: string | null;
  text: string | null;
  redacted: boolean;
}

export interface LegalHold {
  holdId: string;
  scope: 'conversation' | 'customer' | 'tenant';
  conversationId?: string | null;
  customerNumber?: string | null;
  reason: string;
  placedBy: string;
  placedAt: string;
  releasedAt?: string | null;
}

export interface ExportJob {
  exportId: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  rowsWritten: number;
  rowsTotal: number | null;
  error: string | null;
  manifest: { files: { name: string; sha256: string; rows?: number; bytes?: number }[] } | null;
}

/** A Kafka event as the live socket forwards it. */
export interface LiveEvent {
  eventId: string;
  type: string;
  conversationId?: string;
  occurredAt: string;
  causationId?: string;
  payload: Record<string, unknown>;
}

export type LiveFrame =
  | { type: 'ready'; user: DeskUser; connectionId: string }
  | { type: 'event'; event: LiveEvent }
  | { type: 'live'; live: LiveView }
  | { type: 'subscribed' | 'unsubscribed'; conversationId: string }
  | { type: 'error'; code: string; detail: string; conversationId?: string }
  | { type: 'pong' }
  | { type: 'session-ended'; reason: string };
