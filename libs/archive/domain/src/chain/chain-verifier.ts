import { recordHash, GENESIS_HASH, type ArchiveRecord, type ChainHead } from './archive-record.ts';
import { contentMatches, type StoredContent } from './content-commitment.ts';

/** Why a link is broken, most structural first; a verifier reports the first reason that applies. */
export const CHAIN_BREAK_REASONS = [
  /** The record belongs to another tenant or conversation than the chain's first record. */
  'foreign-record',
  /** The sequence number skips ahead: a record before it was deleted, or records were reordered. */
  'sequence-gap',
  /** The sequence number repeats or goes back: a record was inserted, duplicated or reordered. */
  'sequence-regression',
  /** `previousHash` is not the hash of the record before (or the genesis hash for the first record). */
  'previous-mismatch',
  /** The record's committed fields no longer hash to its stored hash: it was altered in place. */
  'hash-mismatch',
  /** A record id or a source event id appears twice in the chain. */
  'duplicate-record',
  'duplicate-event',
  /** A redaction that names no earlier text record, one already superseded, or an event that names one. */
  'invalid-redaction',
  /** The stored text or salt no longer matches the record's content commitment. */
  'content-mismatch',
  /** A record's text is gone although no redaction link superseded it. */
  'text-missing-without-redaction',
  /** A text that a redaction superseded is still stored: the redaction was not honoured. */
  'superseded-text-present',
  /** A text is stored for a record that commits to none. */
  'unexpected-text',
] as const;

export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export interface BrokenLink {
  /** Position in the list handed to the verifier. */
  index: number;
  recordId: string;
  sequence: number;
  reason: ChainBreakReason;
  /** For people: what was expected and what was found. */
  detail: string;
}

export type ChainVerification =
  | { ok: true; records: number; head: ChainHead | null }
  | { ok: false; /** Records before the broken one, which verified. */ records: number; broken: BrokenLink };

/**
 * Recomputes one conversation's chain from its stored records, in stored (sequence) order, and checks each
 * record's current text against its commitment. Returns the first broken link, never throws on tampered data.
 */
export function verifyChain(records: readonly ArchiveRecord[], texts: Iterable<StoredContent>): ChainVerification {
  const textsByRecord = new Map<string, StoredContent>();
  for (const content of texts) {
    textsByRecord.set(content.recordId, content);
  }
  const supersededBy = claimedSupersessions(records);
  const seen = new Map<string, ArchiveRecord>();
  const seenEvents = new Set<string>();
  const superseded = new Set<string>();

  for (const [index, record] of records.entries()) {
    const previous = index === 0 ? undefined : records[index - 1];
    const problem =
      checkLink(record, index, previous, records[0]) ??
      checkIdentity(record, seen, seenEvents) ??
      checkRedaction(record, seen, superseded) ??
      checkContent(record, textsByRecord.get(record.recordId), supersededBy.has(record.recordId));
    if (problem !== undefined) {
      return { ok: false, records: index, broken: { index, recordId: record.recordId, sequence: record.sequence, ...problem } };
    }
    seen.set(record.recordId, record);
    seenEvents.add(record.eventId);
    if (record.supersedesRecordId !== null) {
      superseded.add(record.supersedesRecordId);
    }
  }
  const last = records.at(-1);
  return { ok: true, records: records.length, head: last === undefined ? null : { sequence: last.sequence, hash: last.hash } };
}

type Problem = { reason: ChainBreakReason; detail: string } | undefined;

/** Texts that some later redaction says it replaced, so their absence is expected rather than a tamper. */
function claimedSupersessions(records: readonly ArchiveRecord[]): Set<string> {
  const targets = new Set<string>();
  for (const record of records) {
    if (record.kind === 'redaction' && record.supersedesRecordId !== null) {
      targets.add(record.supersedesRecordId);
    }
  }
  return targets;
}

function checkLink(record: ArchiveRecord, index: number, previous: ArchiveRecord | undefined, first: ArchiveRecord | undefined): Problem {
  if (first !== undefined && (record.tenantId !== first.tenantId || record.conversationId !== first.conversationId)) {
    return {
      reason: 'foreign-record',
      detail: `expected conversation ${first.conversationId} of tenant ${first.tenantId}, found ${record.conversationId} of ${record.tenantId}`,
    };
  }
  const expectedSequence = index + 1;
  if (record.sequence !== expectedSequence) {
    return {
      reason: record.sequence > expectedSequence ? 'sequence-gap' : 'sequence-regression',
      detail: `expected sequence ${expectedSequence}, found ${record.sequence}`,
    };
  }
  const expectedPrevious = previous === undefined ? GENESIS_HASH : previous.hash;
  if (record.previousHash !== expectedPrevious) {
    return { reason: 'previous-mismatch', detail: `expected previousHash ${expectedPrevious}, found ${record.previousHash}` };
  }
  const recomputed = safeRecordHash(record);
  if (recomputed !== record.hash) {
    return { reason: 'hash-mismatch', detail: `the record's fields hash to ${recomputed ?? '(no canonical form)'}, stored ${record.hash}` };
  }
  return undefined;
}

function safeRecordHash(record: ArchiveRecord): string | undefined {
  try {
    return recordHash(record);
  } catch {
    // A tampered field with no canonical form cannot match any stored hash, so it is reported as a mismatch.
    return undefined;
  }
}

function checkIdentity(record: ArchiveRecord, seen: ReadonlyMap<string, ArchiveRecord>, seenEvents: ReadonlySet<string>): Problem {
  if (seen.has(record.recordId)) {
    return { reason: 'duplicate-record', detail: `record ${record.recordId} appears twice` };
  }
  if (seenEvents.has(record.eventId)) {
    return { reason: 'duplicate-event', detail: `event ${record.eventId} was archived twice` };
  }
  return undefined;
}

function checkRedaction(record: ArchiveRecord, seen: ReadonlyMap<string, ArchiveRecord>, superseded: ReadonlySet<string>): Problem {
  const targetId = record.supersedesRecordId;
  if (record.kind === 'event') {
    return targetId === null ? undefined : { reason: 'invalid-redaction', detail: `an event record names ${targetId} as superseded` };
  }
  if (targetId === null) {
    return { reason: 'invalid-redaction', detail: 'a redaction names no record to supersede' };
  }
  if (record.contentCommitment === null) {
    return { reason: 'invalid-redaction', detail: 'a redaction commits to no replacement text' };
  }
  const target = seen.get(targetId);
  if (target === undefined) {
    return { reason: 'invalid-redaction', detail: `the superseded record ${targetId} is not earlier in the chain` };
  }
  if (target.contentCommitment === null) {
    return { reason: 'invalid-redaction', detail: `the superseded record ${targetId} has no text` };
  }
  if (superseded.has(targetId)) {
    return { reason: 'invalid-redaction', detail: `the record ${targetId} was already superseded` };
  }
  return undefined;
}

function checkContent(record: ArchiveRecord, stored: StoredContent | undefined, isSuperseded: boolean): Problem {
  if (record.contentCommitment === null) {
    return stored === undefined ? undefined : { reason: 'unexpected-text', detail: 'a text is stored for a record without a commitment' };
  }
  if (isSuperseded) {
    return stored === undefined ? undefined : { reason: 'superseded-text-present', detail: 'a redacted text is still stored' };
  }
  if (stored === undefined) {
    return { reason: 'text-missing-without-redaction', detail: 'the text is gone and no redaction superseded it' };
  }
  if (!contentMatches(stored, record.contentCommitment)) {
    return { reason: 'content-mismatch', detail: 'the stored text and salt do not match the commitment' };
  }
  return undefined;
}
