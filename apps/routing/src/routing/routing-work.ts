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
    let positions: string[] = [];
    const result = await this.repository.inTransaction(async (transaction) => {
      const value = await work(transaction, events);
      positions = await transaction.appendOutbox(events.envelopes);
      return value;
    });
    if (events.envelopes.length > 0) {
      await this.publishAll(events.envelopes);
      await this.repository.deleteOutbox(positions);
    }
    return result;
  }

  /** Started in order: the messaging layer sends them in that order, in as few produce requests as it can. */
  async publishAll(envelopes: ReadonlyArray<{ type: string; schemaVersion: number }>): Promise<void> {
    await Promise.all(envelopes.map((envelope) => this.publisher.publishEnvelope(envelope)));
  }
}
