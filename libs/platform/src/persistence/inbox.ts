import type { DatabaseClient, SqlClient } from './sql-client.ts';

export type InboxResult<R> = { applied: true; result: R } | { applied: false };

/** The table every service's schema carries for it (see its Prisma schema's ProcessedEvent model). */
export const PROCESSED_EVENTS_TABLE = 'processed_events';

/**
 * Makes a consumer's work idempotent by event id: the event is recorded in the same transaction as the work, so
 * the work is either done and recorded once, or not at all; a redelivered event finds its record and is skipped.
 * A second instance handling the same event waits on the unique key and then skips it.
 */
export class Inbox<TTransaction extends SqlClient = SqlClient> {
  readonly #db: DatabaseClient<TTransaction>;

  constructor(db: DatabaseClient<TTransaction>) {
    this.#db = db;
  }

  async runOnce<R>(consumer: string, eventId: string, work: (transaction: TTransaction) => Promise<R>): Promise<InboxResult<R>> {
    return this.#db.$transaction(
      async (transaction) => {
        const inserted = await transaction.$executeRawUnsafe(
          `INSERT INTO ${PROCESSED_EVENTS_TABLE} (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
          consumer,
          eventId,
        );
        if (inserted === 0) {
          return { applied: false } as const;
        }
        return { applied: true, result: await work(transaction) } as const;
      },
      { maxWait: 5_000, timeout: 30_000 },
    );
  }

  /**
   * Forgets events handled before `olderThan`, a batch at a time so no statement holds many locks; returns how many.
   * Safe once `olderThan` is further back than any topic keeps events, since nothing older can be redelivered.
   */
  async prune(olderThan: Date, batchSize = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.#db.$executeRawUnsafe(
        `DELETE FROM ${PROCESSED_EVENTS_TABLE} WHERE ctid IN (SELECT ctid FROM ${PROCESSED_EVENTS_TABLE} WHERE processed_at < $1 LIMIT ${String(batchSize)})`,
        olderThan,
      );
      total += deleted;
      if (deleted < batchSize) {
        return total;
      }
    }
  }

  async hasProcessed(consumer: string, eventId: string): Promise<boolean> {
    const rows = await this.#db.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM ${PROCESSED_EVENTS_TABLE} WHERE consumer = $1 AND event_id = $2::uuid`,
      consumer,
      eventId,
    );
    return rows.length > 0;
  }
}
