import { Injectable } from '@nestjs/common';
import { EventPublisher } from '@parley/platform/messaging';
import { EngineStore } from '@parley/reporting-data-access';
import { ReportingMetrics } from '../reporting.metrics.ts';

const BATCH = 500;

/**
 * Sends decided row versions to the report topics, oldest first, and forgets each batch once Kafka acknowledged
 * it. A crash between the two sends the batch again under the same event ids, which consumers drop.
 */
@Injectable()
export class ReportOutboxRelay {
  constructor(
    private readonly store: EngineStore,
    private readonly publisher: EventPublisher,
    private readonly metrics: ReportingMetrics,
  ) {}

  async relay(): Promise<number> {
    let sent = 0;
    for (;;) {
      const entries = await this.store.outbox(BATCH);
      this.metrics.outboxPending.set(entries.length);
      if (entries.length === 0) {
        return sent;
      }
      await this.publisher.publishMany(entries.map((entry) => entry.envelope));
      await this.store.removeFromOutbox(entries.map((entry) => entry.sequence));
      sent += entries.length;
      if (entries.length < BATCH) {
        this.metrics.outboxPending.set(0);
        return sent;
      }
    }
  }
}
