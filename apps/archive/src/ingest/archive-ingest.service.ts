import { archiveEvent, archiveRedaction, type ArchiveRecord, type EventDraft } from '@parley/archive-domain';
import type { ArchiveStore, ArchiveTransaction, RecordFacets } from '@parley/archive-data-access/store';
import type { UntypedEnvelope } from '@parley/contracts';
import { deriveEventId } from '@parley/platform/messaging';
import { CUSTOMER_MESSAGE_EVENT_TYPE, recordIdOf, REDACTION_EVENT_TYPE, toArchiveEntry, type ArchiveEntry } from './archive-entry.mapper.ts';

export type IngestOutcome = 'archived' | 'duplicate';

/** A chain whose head row names a record that is not there: someone removed evidence, so appending would hide it. */
export class ChainHeadMissingError extends Error {
  constructor(tenantId: string, chainId: string, sequence: number) {
    super(`chain ${chainId} of tenant ${tenantId} has no record at its head ${sequence}`);
    this.name = 'ChainHeadMissingError';
  }
}

/**
 * Appends one event to its chain in one short transaction: lock the chain's head, skip an event the tenant already
 * has, place the record with the domain's rules and store it with its text. A redaction becomes a redaction link
 * and deletes the text it replaces in the same transaction.
 */
export class ArchiveIngestService {
  private readonly store: ArchiveStore;

  constructor(store: ArchiveStore) {
    this.store = store;
  }

  async ingest(event: UntypedEnvelope, topic: string, archivedAt = new Date()): Promise<IngestOutcome> {
    const entry = toArchiveEntry(event, topic, archivedAt);
    const { tenantId, chainId } = entry.placement;
    return this.store.inTransaction(async (transaction) => {
      const head = await transaction.lockChain(entry.placement);
      if (await transaction.isArchived(tenantId, entry.draft.eventId)) {
        return 'duplicate';
      }
      const previous = head.headSequence === 0 ? null : await transaction.record(tenantId, chainId, head.headSequence);
      if (head.headSequence > 0 && previous === undefined) {
        throw new ChainHeadMissingError(tenantId, chainId, head.headSequence);
      }
      const last = previous ?? null;
      if (event.type === REDACTION_EVENT_TYPE && entry.messageId !== null && entry.text !== null && last !== null) {
        const target = await transaction.textHolder(tenantId, chainId, entry.messageId);
        if (target !== undefined) {
          return (await this.#redact(transaction, last, target, entry.draft, entry.text, entry.facets)) ? 'archived' : 'duplicate';
        }
        // The message it redacts has not arrived yet: archived as an event now, applied when the message comes.
      }
      const archived = archiveEvent(last, entry.draft, entry.text);
      if (!(await transaction.append(archived.record, entry.facets, archived.content))) {
        return 'duplicate';
      }
      if (event.type === CUSTOMER_MESSAGE_EVENT_TYPE && archived.content !== null) {
        await this.#applyEarlyRedaction(transaction, entry, archived.record);
      }
      return 'archived';
    });
  }

  async #redact(
    transaction: ArchiveTransaction,
    head: ArchiveRecord,
    target: ArchiveRecord,
    draft: EventDraft,
    text: string,
    facets: RecordFacets,
  ): Promise<boolean> {
    const plan = archiveRedaction(head, target, draft, text);
    if (!(await transaction.append(plan.record, facets, plan.content))) {
      return false;
    }
    await transaction.eraseSupersededText(plan.record.tenantId, plan.deleteContentOf);
    return true;
  }

  /** A message whose redaction came first is superseded at once by a link carrying the redacted text. */
  async #applyEarlyRedaction(transaction: ArchiveTransaction, entry: ArchiveEntry, message: ArchiveRecord): Promise<void> {
    if (entry.messageId === null) {
      return;
    }
    const early = await transaction.earlyRedaction(message.tenantId, message.conversationId, entry.messageId);
    if (early === undefined) {
      return;
    }
    const eventId = deriveEventId(early.record.eventId, 'archive:apply-redaction');
    await this.#redact(
      transaction,
      message,
      message,
      {
        tenantId: message.tenantId,
        conversationId: message.conversationId,
        recordId: recordIdOf(eventId),
        eventId,
        eventType: REDACTION_EVENT_TYPE,
        occurredAt: early.record.occurredAt,
        archivedAt: message.archivedAt,
        attributes: { ...early.record.attributes, appliedFromRecordId: early.record.recordId },
      },
      early.text,
      { ...entry.facets },
    );
  }
}
