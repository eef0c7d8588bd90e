import { archiveEvent, archiveRedaction, type ArchiveRecord, type EventDraft, type StoredContent } from '@parley/archive-domain';
import { chainKey, type ArchiveStore, type ArchiveTransaction, type RecordFacets } from '@parley/archive-data-access/store';
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
    return this.store.inTransaction((transaction) => this.#append(transaction, event, entry));
  }

  /**
   * Appends a batch of events (one fetched batch of one partition, in arrival order) in one transaction: one WAL
   * flush for all of them instead of one each. Every chain the batch touches is locked first, in a fixed order, so
   * two batches sharing chains wait for each other instead of deadlocking. Without redactions in play the records
   * are placed in memory and stored with multi-row inserts; otherwise each event is appended exactly as `ingest`
   * would, in order. Either way chain order is arrival order. Any failure rolls the whole batch back; the caller
   * (the messaging layer) then ingests its events one at a time.
   */
  async ingestBatch(batch: readonly { event: UntypedEnvelope; topic: string }[], archivedAt = new Date()): Promise<IngestOutcome[]> {
    const entries = batch.map(({ event, topic }) => ({ event, entry: toArchiveEntry(event, topic, archivedAt) }));
    const placements = new Map<string, ArchiveEntry['placement']>();
    for (const { entry } of entries) {
      placements.set(chainKey(entry.placement.tenantId, entry.placement.chainId), entry.placement);
    }
    return this.store.inTransaction(async (transaction) => {
      const heads = await transaction.lockChains([...placements.values()]);
      const chains = [...placements.values()];
      const plain = entries.every(({ event }) => event.type !== REDACTION_EVENT_TYPE) && !(await transaction.hasEarlyRedactions(chains));
      if (plain) {
        return this.#appendPlain(transaction, entries.map(({ entry }) => entry), heads);
      }
      // Redactions in play: each event as `ingest` would, in order (the chains are locked already).
      const outcomes: IngestOutcome[] = [];
      for (const { event, entry } of entries) {
        outcomes.push(await this.#append(transaction, event, entry));
      }
      return outcomes;
    });
  }

  /**
   * A batch without redactions (none in it, none waiting in its chains): the records are placed in memory, chain by
   * chain in arrival order, and stored with multi-row inserts. Equivalent to `#append` one by one, which then would
   * take only its plain branch.
   */
  async #appendPlain(
    transaction: ArchiveTransaction,
    entries: readonly ArchiveEntry[],
    heads: ReadonlyMap<string, { headSequence: number; headHash: string }>,
  ): Promise<IngestOutcome[]> {
    const positions = [...heads.entries()].flatMap(([key, head]) => {
      const [tenantId = '', chainId = ''] = key.split('\u0000');
      return head.headSequence > 0 ? [{ tenantId, chainId, sequence: head.headSequence }] : [];
    });
    const previous = positions.length === 0 ? new Map<string, ArchiveRecord>() : await transaction.recordsAt(positions);
    for (const position of positions) {
      if (!previous.has(chainKey(position.tenantId, position.chainId))) {
        throw new ChainHeadMissingError(position.tenantId, position.chainId, position.sequence);
      }
    }
    const archived = await transaction.archivedEvents(entries.map(({ draft }) => ({ tenantId: draft.tenantId, eventId: draft.eventId })));
    const outcomes: IngestOutcome[] = [];
    const appends: { record: ArchiveRecord; facets: RecordFacets; content: StoredContent | null }[] = [];
    for (const entry of entries) {
      const eventKey = chainKey(entry.draft.tenantId, entry.draft.eventId);
      if (archived.has(eventKey)) {
        outcomes.push('duplicate');
        continue;
      }
      archived.add(eventKey);
      const key = chainKey(entry.placement.tenantId, entry.placement.chainId);
      const placed = archiveEvent(previous.get(key) ?? null, entry.draft, entry.text);
      previous.set(key, placed.record);
      appends.push({ record: placed.record, facets: entry.facets, content: placed.content });
      outcomes.push('archived');
    }
    await transaction.appendMany(appends);
    return outcomes;
  }

  async #append(transaction: ArchiveTransaction, event: UntypedEnvelope, entry: ArchiveEntry): Promise<IngestOutcome> {
    const { tenantId, chainId } = entry.placement;
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
