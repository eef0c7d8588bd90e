import type { ArchiveRecord, LegalHold, PurgeRecord, RetentionPolicy, StoredContent, TenantCheckpoint } from '@parley/archive-domain';

/** `conversation`: a conversation's log; `call`: a call without a conversation; `tenant-log`: a tenant's month of agent, consent and carrier events. */
export type ChainKind = 'conversation' | 'call' | 'tenant-log';

/** Copies of event fields kept beside a record (never hashed) so search can filter without reading attributes. */
export interface RecordFacets {
  conversationId: string | null;
  customerNumber: string | null;
  businessNumber: string | null;
  agentId: string | null;
  queue: string | null;
  disposition: string | null;
}

/** Where a record goes: the chain and what the chain row learns from it. */
export interface ChainPlacement {
  tenantId: string;
  chainId: string;
  kind: ChainKind;
  /** The conversation the chain is, for conversation chains. */
  conversationId: string | null;
}

/** A chain as verification, checkpoints and purge see it. */
export interface ChainSummary {
  tenantId: string;
  chainId: string;
  kind: ChainKind;
  headSequence: number;
  headHash: string;
  lastActivityAt: Date;
  customerNumbers: string[];
}

export interface AuditEntry {
  tenantId: string;
  action:
    | 'retention.changed'
    | 'hold.placed'
    | 'hold.released'
    | 'purge.completed'
    | 'purge.blocked'
    | 'export.requested'
    | 'export.completed'
    | 'export.failed'
    | 'export.downloaded';
  actor: string;
  details: Record<string, unknown>;
}

export interface StoredAuditEntry extends AuditEntry {
  auditId: string;
  at: string;
}

export type { ArchiveRecord, LegalHold, PurgeRecord, RetentionPolicy, StoredContent, TenantCheckpoint };
