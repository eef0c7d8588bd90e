import { canonicalInstant, legalHoldSchema, type ArchiveRecord, type JsonObject, type LegalHold, type TenantCheckpoint } from '@parley/archive-domain';
import type { ChainKind, ChainSummary } from './archive.records.ts';

export const RECORD_COLUMNS = `tenant_id, chain_id, sequence, record_id, event_id, event_type, kind, occurred_at, archived_at, attributes,
  content_commitment, supersedes_record_id, previous_hash, hash`;

export interface RecordRow {
  tenant_id: string;
  chain_id: string;
  sequence: number;
  record_id: string;
  event_id: string;
  event_type: string;
  kind: 'event' | 'redaction';
  occurred_at: Date;
  archived_at: Date;
  attributes: JsonObject;
  content_commitment: string | null;
  supersedes_record_id: string | null;
  previous_hash: string;
  hash: string;
}

/** A stored row as the chain committed to it: instants back in their canonical ISO form, the chain id as conversationId. */
export function toRecord(row: RecordRow): ArchiveRecord {
  return {
    tenantId: row.tenant_id,
    conversationId: row.chain_id,
    sequence: row.sequence,
    recordId: row.record_id,
    eventId: row.event_id,
    eventType: row.event_type,
    kind: row.kind,
    occurredAt: canonicalInstant(row.occurred_at),
    archivedAt: canonicalInstant(row.archived_at),
    attributes: row.attributes,
    contentCommitment: row.content_commitment,
    supersedesRecordId: row.supersedes_record_id,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

export const CHAIN_COLUMNS = 'tenant_id, chain_id, kind, head_sequence, head_hash, last_activity_at, customer_numbers';

export interface ChainRow {
  tenant_id: string;
  chain_id: string;
  kind: ChainKind;
  head_sequence: number;
  head_hash: string;
  last_activity_at: Date;
  customer_numbers: string[];
}

export function toChain(row: ChainRow): ChainSummary {
  return {
    tenantId: row.tenant_id,
    chainId: row.chain_id,
    kind: row.kind,
    headSequence: row.head_sequence,
    headHash: row.head_hash,
    lastActivityAt: row.last_activity_at,
    customerNumbers: row.customer_numbers,
  };
}

export interface CheckpointRow {
  tenant_id: string;
  checkpoint_sequence: number;
  created_at: Date;
  heads: TenantCheckpoint['heads'];
  previous_hash: string;
  hash: string;
}

export function toCheckpoint(row: CheckpointRow): TenantCheckpoint {
  return {
    tenantId: row.tenant_id,
    checkpointSequence: row.checkpoint_sequence,
    createdAt: canonicalInstant(row.created_at),
    heads: row.heads,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

export const HOLD_COLUMNS = 'hold_id, tenant_id, scope, conversation_id, customer_number, placed_by, reason, placed_at, released_at, released_by';

export interface HoldRow {
  hold_id: string;
  tenant_id: string;
  scope: LegalHold['scope'];
  conversation_id: string | null;
  customer_number: string | null;
  placed_by: string;
  reason: string;
  placed_at: Date;
  released_at: Date | null;
  released_by: string | null;
}

export function toHold(row: HoldRow): LegalHold {
  return legalHoldSchema.parse({
    holdId: row.hold_id,
    tenantId: row.tenant_id,
    scope: row.scope,
    ...(row.conversation_id === null ? {} : { conversationId: row.conversation_id }),
    ...(row.customer_number === null ? {} : { customerNumber: row.customer_number }),
    placedBy: row.placed_by,
    reason: row.reason,
    placedAt: row.placed_at.toISOString(),
    ...(row.released_at === null ? {} : { releasedAt: row.released_at.toISOString() }),
    ...(row.released_by === null ? {} : { releasedBy: row.released_by }),
  });
}
