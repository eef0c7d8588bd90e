import { Injectable } from '@nestjs/common';
import type { EventDefinition, EventOf } from '@parley/contracts';
import { EventPublisher, type PublishInput } from '@parley/platform/messaging';
import { RoutingRepository, type RoutingTransaction } from '@parley/routing-data-access';

/** The events one unit of routing work decided, built and checked when decided, sent only after the work commits. */
export class EventBatch {
  readonly envelopes: Array<EventOf<EventDefinition>> = [];

  constructor(private readonly publisher: EventPublisher) {}

  add<TDefinition extends EventDefinition>(definition: TDefinition, input: PublishInput<TDefinition>): void {
    this.envelopes.push(this.publisher.envelope(definition, input));
  }
}

/**
 * Runs routing's changes as units of work with a transactional outbox: the events a change decides are written in
 * its transaction and published right after commit, so an event exists exactly when its change does. A crash or a
 * broker outage between commit and publish leaves them in the outbox, where the relay sends them later; consumers
 * drop the copies a relay may add by event id.
 */
@Injectable()
export class RoutingWork {
  constructor(
    private readonly repository: RoutingRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async run<R>(work: (transaction: RoutingTransaction, events: EventBatch) => Promise<R>): Promise<R> {
    const events = new EventBatch(this.publisher);
    let position: string | undefined;
    const result = await this.repository.inTransaction(async (transaction) => {
      const value = await work(transaction, events);
      position = await transaction.appendOutbox(events.envelopes);
      return value;
    });
    if (events.envelopes.length > 0) {
      await this.publishAll(events.envelopes, { alreadyChecked: true });
      await this.repository.deleteOutbox(position === undefined ? [] : [position]);
    }
    return result;
  }

  /** In order, as one batch: the messaging layer sends them in as few produce requests as it can. */
  async publishAll(envelopes: ReadonlyArray<{ type: string; schemaVersion: number }>, options: { alreadyChecked?: boolean } = {}): Promise<void> {
    await this.publisher.publishMany(envelopes, options);
  }
}
