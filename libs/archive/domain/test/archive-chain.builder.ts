import { createHash } from 'node:crypto';
import { archiveEvent, archiveRedaction, type ArchiveRecord, type ArchiveRecordDraft, type EventDraft } from '../src/chain/archive-record.ts';
import { type JsonObject } from '../src/chain/canonical-json.ts';
import { type StoredContent } from '../src/chain/content-commitment.ts';

export const TENANT_ID = 'tenant-0001';
export const CONVERSATION_ID = 'conv-000001';
const START = Date.parse('2025-03-03T10:00:00.000Z');

/** A deterministic v4-shaped uuid, so hashes in specs do not change between runs. */
export function eventIdFor(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A deterministic 32-byte salt in hex. */
export function saltFor(label: string): string {
  return createHash('sha256').update(`salt:${label}`).digest('hex');
}

/** The draft a stored record was made from, changed as given: the raw material for forging links in specs. */
export function draftFrom(record: ArchiveRecord, changes: Partial<ArchiveRecordDraft>): ArchiveRecordDraft {
  const { sequence: _sequence, previousHash: _previousHash, hash: _hash, ...draft } = record;
  return { ...draft, ...changes };
}

/**
 * Appends to one conversation's chain the way the archive service will: records in arrival order, texts kept
 * beside them, and a redaction that deletes the superseded text in the same step.
 */
export class ChainBuilder {
  readonly records: ArchiveRecord[] = [];
  readonly texts = new Map<string, StoredContent>();
  private readonly tenantId: string;
  private readonly conversationId: string;
  private eventCount: number;

  constructor(tenantId = TENANT_ID, conversationId = CONVERSATION_ID, firstEvent = 1) {
    this.tenantId = tenantId;
    this.conversationId = conversationId;
    this.eventCount = firstEvent - 1;
  }

  get head(): ArchiveRecord | null {
    return this.records.at(-1) ?? null;
  }

  get storedTexts(): StoredContent[] {
    return [...this.texts.values()];
  }

  /** A lifecycle event without text. */
  event(eventType = 'conversation.started', attributes: JsonObject = {}, minutesAfterStart?: number): ArchiveRecord {
    return this.append(eventType, attributes, null, minutesAfterStart);
  }

  /** A screened customer text. */
  message(text: string, attributes: JsonObject = {}, minutesAfterStart?: number): ArchiveRecord {
    return this.append('conversation.message.received', { messageId: `msg-${this.eventCount + 1}-abcdef`, ...attributes }, text, minutesAfterStart);
  }

  /** Honours a redaction of `target`'s text, as the service must: new link, new text, old text deleted. */
  redact(target: ArchiveRecord, text: string): ArchiveRecord {
    const head = this.head;
    if (head === null) {
      throw new Error('nothing to redact');
    }
    const draft = this.nextDraft('conversation.message.redacted', { causedBy: 'msg-next-abcdef' });
    const plan = archiveRedaction(head, target, draft, text, saltFor(draft.recordId));
    this.records.push(plan.record);
    this.texts.delete(plan.deleteContentOf);
    this.texts.set(plan.content.recordId, plan.content);
    return plan.record;
  }

  private append(eventType: string, attributes: JsonObject, text: string | null, minutesAfterStart?: number): ArchiveRecord {
    const draft = this.nextDraft(eventType, attributes, minutesAfterStart);
    const { record, content } = archiveEvent(this.head, draft, text, saltFor(draft.recordId));
    this.records.push(record);
    if (content !== null) {
      this.texts.set(content.recordId, content);
    }
    return record;
  }

  private nextDraft(eventType: string, attributes: JsonObject, minutesAfterStart?: number): EventDraft {
    this.eventCount += 1;
    const n = this.eventCount;
    const occurredAt = new Date(START + (minutesAfterStart ?? n) * 60_000);
    return {
      tenantId: this.tenantId,
      conversationId: this.conversationId,
      recordId: `rec-${this.conversationId}-${n}`,
      eventId: eventIdFor(n),
      eventType,
      occurredAt,
      archivedAt: new Date(START + n * 60_000 + 1_000),
      attributes,
    };
  }
}
