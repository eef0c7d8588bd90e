import { Injectable } from '@nestjs/common';
import type { UntypedEnvelope } from '@parley/contracts';
import { EventConsumer, OnEvent, OnEventBatch, type BatchedEvent, type EventContext } from '@parley/platform/messaging';
import { ARCHIVED_EVENTS } from './archive-entry.mapper.ts';
import { ArchiveIngestService } from './archive-ingest.service.ts';

/**
 * One consumer group over every topic the archive keeps. The single handler is bound to each event type and version
 * of those topics below (the messaging layer dispatches per definition), so a new event in the contracts is archived
 * without code here, and a version the contracts do not know goes to the dead-letter topic. The events of a fetched
 * batch are appended together in one transaction; when that fails, the messaging layer falls back to `archive` one
 * event at a time, which appends the same way (both are idempotent by event id).
 */
@Injectable()
@EventConsumer({ name: 'records' })
export class ArchiveEventsConsumer {
  constructor(private readonly ingest: ArchiveIngestService) {}

  async archive(event: UntypedEnvelope, context: EventContext): Promise<void> {
    await this.ingest.ingest(event, context.topic);
  }

  @OnEventBatch({ maxEvents: 500 })
  async archiveBatch(events: readonly BatchedEvent<UntypedEnvelope>[]): Promise<void> {
    await this.ingest.ingestBatch(events.map(({ event, context }) => ({ event, topic: context.topic })));
  }
}

const archiveMethod = Object.getOwnPropertyDescriptor(ArchiveEventsConsumer.prototype, 'archive');
if (archiveMethod === undefined) {
  throw new Error('ArchiveEventsConsumer.archive is missing');
}
for (const definition of ARCHIVED_EVENTS) {
  OnEvent(definition)(ArchiveEventsConsumer.prototype, 'archive', archiveMethod);
}
