import { eventTypeSchema, opaqueIdSchema } from '@parley/contracts';
import { z } from 'zod';
import { canonicalInstant, canonicalJson, type JsonObject } from './canonical-json.ts';
import { ArchiveLinkInvalidError } from './chain.errors.ts';
import { sealContent, type StoredContent } from './content-commitment.ts';
import { SHA256_HEX_PATTERN, sha256Hex } from './sha256.ts';

/** The `previousHash` of a conversation's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** `event`: a screened message or lifecycle event as it arrived; `redaction`: a link that replaces an earlier text. */
export const ARCHIVE_RECORD_KINDS = ['event', 'redaction'] as const;
export type ArchiveRecordKind = (typeof ARCHIVE_RECORD_KINDS)[number];

/** What the archive service knows about a record before the chain places it. */
export interface ArchiveRecordDraft {
  tenantId: string;
  conversationId: string;
  recordId: string;
  /** The source event's id, which makes ingestion idempotent. */
  eventId: string;
  eventType: string;
  kind: ArchiveRecordKind;
  occurredAt: string | Date;
  archivedAt: string | Date;
  /** The event's fields other than its text; never a text, which could then never be removed. */
  attributes: JsonObject;
  /** `commitContent(text, salt)` of the record's text, or null for an event without text. */
  contentCommitment: string | null;
  /** For a redaction, the record whose text it replaces. */
  supersedesRecordId: string | null;
}

/** A stored link of a conversation's chain: everything here except `hash` is what `hash` commits to. */
export interface ArchiveRecord {
  tenantId: string;
  conversationId: string;
  /** 1 for the conversation's first record, then one more per record, in the order the archive stored them. */
  sequence: number;
  recordId: string;
  eventId: string;
  eventType: string;
  kind: ArchiveRecordKind;
  occurredAt: string;
  archivedAt: string;
  attributes: JsonObject;
  contentCommitment: string | null;
  supersedesRecordId: string | null;
  previousHash: string;
  hash: string;
}

export type ArchiveRecordBody = Omit<ArchiveRecord, 'hash'>;

/** The newest link of a chain, which the next record commits to. */
export interface ChainHead {
  sequence: number;
  hash: string;
}

const instantSchema = z.union([z.iso.datetime({ offset: true }), z.date()]);

const draftSchema = z
  .strictObject({
    tenantId: opaqueIdSchema,
    conversationId: opaqueIdSchema,
    recordId: opaqueIdSchema,
    eventId: z.uuid(),
    eventType: eventTypeSchema,
    kind: z.enum(ARCHIVE_RECORD_KINDS),
    occurredAt: instantSchema,
    archivedAt: instantSchema,
    attributes: z.record(z.string(), z.unknown()),
    contentCommitment: z.string().regex(SHA256_HEX_PATTERN, 'a lower-case hex sha256').nullable(),
    supersedesRecordId: opaqueIdSchema.nullable(),
  })
  .refine((draft) => (draft.kind === 'redaction') === (draft.supersedesRecordId !== null), {
    error: 'a redaction, and only a redaction, names the record it supersedes',
    path: ['supersedesRecordId'],
  })
  .refine((draft) => draft.kind !== 'redaction' || draft.contentCommitment !== null, {
    error: 'a redaction commits to the text that replaces the old one',
    path: ['contentCommitment'],
  })
  .refine((draft) => !holdsTextKey(draft.attributes), {
    error: 'attributes must not carry a "text": texts stay outside the chain so they can be removed',
    path: ['attributes'],
  });

function holdsTextKey(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(holdsTextKey);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).some(([key, item]) => key === 'text' || holdsTextKey(item));
  }
  return false;
}

/** Exactly the committed fields of a record, whatever else a stored row carries. */
export function recordBody(record: ArchiveRecordBody): ArchiveRecordBody {
  return {
    tenantId: record.tenantId,
    conversationId: record.conversationId,
    sequence: record.sequence,
    recordId: record.recordId,
    eventId: record.eventId,
    eventType: record.eventType,
    kind: record.kind,
    occurredAt: record.occurredAt,
    archivedAt: record.archivedAt,
    attributes: record.attributes,
    contentCommitment: record.contentCommitment,
    supersedesRecordId: record.supersedesRecordId,
    previousHash: record.previousHash,
  };
}

/** `sha256(previousHash + canonicalJson(body))`, the hash a record is stored with. */
export function recordHash(body: ArchiveRecordBody): string {
  const committed = recordBody(body);
  return sha256Hex(committed.previousHash + canonicalJson(committed));
}

/**
 * Places a draft after `previous` (null for the conversation's first record): the next sequence number, the
 * previous hash and its own hash. Throws when the draft is malformed or belongs to another conversation.
 */
export function appendRecord(previous: ArchiveRecord | null, draft: ArchiveRecordDraft): ArchiveRecord {
  const parsed = draftSchema.safeParse(draft);
  if (!parsed.success) {
    throw new ArchiveLinkInvalidError(
      `Invalid archive record: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ')}`,
      { recordId: draft.recordId },
    );
  }
  if (previous !== null && (previous.tenantId !== draft.tenantId || previous.conversationId !== draft.conversationId)) {
    throw new ArchiveLinkInvalidError('a record can only follow a record of its own conversation', { recordId: draft.recordId });
  }
  const body: ArchiveRecordBody = {
    tenantId: draft.tenantId,
    conversationId: draft.conversationId,
    sequence: previous === null ? 1 : previous.sequence + 1,
    recordId: draft.recordId,
    eventId: draft.eventId,
    eventType: draft.eventType,
    kind: draft.kind,
    occurredAt: canonicalInstant(draft.occurredAt),
    archivedAt: canonicalInstant(draft.archivedAt),
    attributes: draft.attributes,
    contentCommitment: draft.contentCommitment,
    supersedesRecordId: draft.supersedesRecordId,
    previousHash: previous === null ? GENESIS_HASH : previous.hash,
  };
  return { ...body, hash: recordHash(body) };
}

export type EventDraft = Omit<ArchiveRecordDraft, 'kind' | 'contentCommitment' | 'supersedesRecordId'>;

/** A new record and, when the event carried a text, the salted text to store beside it. */
export interface ArchivedEvent {
  record: ArchiveRecord;
  content: StoredContent | null;
}

/** Appends a screened message or lifecycle event; its text, if any, is salted and committed to, never chained. */
export function archiveEvent(previous: ArchiveRecord | null, draft: EventDraft, text: string | null, salt?: string): ArchivedEvent {
  const sealed = text === null ? null : sealContent(draft.recordId, text, salt);
  const record = appendRecord(previous, {
    ...draft,
    kind: 'event',
    contentCommitment: sealed?.commitment ?? null,
    supersedesRecordId: null,
  });
  return { record, content: sealed === null ? null : { recordId: sealed.recordId, text: sealed.text, salt: sealed.salt } };
}

/** What the store must do, in one transaction, to honour a redaction. */
export interface RedactionPlan {
  record: ArchiveRecord;
  content: StoredContent;
  /** The record whose stored text and salt must be deleted. */
  deleteContentOf: string;
}

/**
 * Replaces the text of `target` by a more redacted one: a new link that commits to the new text and names
 * `target`, and the instruction to delete `target`'s text and salt. `target` must be the newest record holding
 * the message's text (the original, or the last redaction of it), since a record can be superseded only once.
 */
export function archiveRedaction(head: ArchiveRecord, target: ArchiveRecord, draft: EventDraft, text: string, salt?: string): RedactionPlan {
  if (target.tenantId !== head.tenantId || target.conversationId !== head.conversationId || target.sequence > head.sequence) {
    throw new ArchiveLinkInvalidError('a redaction can only supersede an earlier record of its own conversation', {
      recordId: draft.recordId,
      supersedesRecordId: target.recordId,
    });
  }
  if (target.contentCommitment === null) {
    throw new ArchiveLinkInvalidError('a redaction can only supersede a record that has a text', {
      recordId: draft.recordId,
      supersedesRecordId: target.recordId,
    });
  }
  const sealed = sealContent(draft.recordId, text, salt);
  const record = appendRecord(head, {
    ...draft,
    kind: 'redaction',
    contentCommitment: sealed.commitment,
    supersedesRecordId: target.recordId,
  });
  return { record, content: { recordId: sealed.recordId, text: sealed.text, salt: sealed.salt }, deleteContentOf: target.recordId };
}
