import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { GroupedCalls } from '@parley/platform/persistence';
import { GatewayDatabase } from '../gateway.database.ts';

export interface InboundClaim {
  messageId: string;
  tenantId: string;
  published: boolean;
}

interface ClaimInput {
  carrierMessageId: string;
  messageId: string;
  tenantId: string;
  receivedAt: Date;
}

interface ClaimRow {
  carrier_message_id: string;
  message_id: string;
  tenant_id: string;
  published_at: Date | null;
}

/** A message this process published whose "published" mark is not written yet. */
interface UnwrittenMark {
  messageId: string;
  tenantId: string;
  publishedAt: Date;
}

/** How long a mark waits for a claim to travel with before it is written alone. */
export const MARK_WRITE_DELAY_MS = 20;
const MARK_RETRY_MS = 1_000;

const CLAIM = `INSERT INTO inbound_messages (carrier_message_id, message_id, tenant_id, received_at)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
               ON CONFLICT (carrier_message_id) DO UPDATE SET carrier_message_id = EXCLUDED.carrier_message_id
               RETURNING carrier_message_id, message_id, tenant_id, published_at`;

/** The marks' update, taking the carrier ids and the time from parameters `$first` and the one after. */
function markStatement(first: number): string {
  return `UPDATE inbound_messages SET published_at = $${first + 1}
          WHERE carrier_message_id = ANY($${first}::text[]) AND published_at IS NULL`;
}

const MARK = markStatement(1);
const MARK_AND_CLAIM = `WITH marked AS (${markStatement(5)}) ${CLAIM}`;

function latest(times: readonly Date[]): Date {
  return new Date(Math.max(...times.map((time) => time.getTime())));
}

/**
 * Which carrier messages were taken, so a replayed webhook yields no second event. Every carrier webhook claims
 * its message here, the platform's hottest path, so it is plain SQL on the shared pool and concurrent webhooks
 * share their round trips. The "published" marks are written behind: each waits up to `MARK_WRITE_DELAY_MS` to
 * travel in the next claim's statement, which halves the statements per webhook under load, and until it is
 * written this process answers a replay of its message from memory.
 */
@Injectable()
export class InboundLedgerRepository implements BeforeApplicationShutdown {
  readonly #db: GatewayDatabase;
  readonly #logger: Logger;
  readonly #writes: GroupedCalls<ClaimInput | undefined, InboundClaim | undefined>;
  readonly #marks = new Map<string, UnwrittenMark>();
  #markTimer: NodeJS.Timeout | undefined;

  constructor(db: GatewayDatabase, @Inject(LOGGER) logger: Logger) {
    this.#db = db;
    this.#logger = logger;
    // An undefined input claims nothing: it is a lone write of the waiting marks.
    this.#writes = new GroupedCalls((inputs) => this.#write(inputs));
  }

  /** Records the message if it is new and returns the record either way. */
  claim(carrierMessageId: string, messageId: string, tenantId: string, receivedAt: Date): Promise<InboundClaim> {
    const unwritten = this.#marks.get(carrierMessageId);
    if (unwritten) {
      return Promise.resolve({ messageId: unwritten.messageId, tenantId: unwritten.tenantId, published: true });
    }
    return this.#writes.call({ carrierMessageId, messageId, tenantId, receivedAt }) as Promise<InboundClaim>;
  }

  /** Notes that the claimed message reached Kafka; the mark is written within `MARK_WRITE_DELAY_MS` under load or alone. */
  markPublished(claim: { carrierMessageId: string; messageId: string; tenantId: string }, publishedAt: Date): void {
    this.#marks.set(claim.carrierMessageId, { messageId: claim.messageId, tenantId: claim.tenantId, publishedAt });
    this.#scheduleMarks(MARK_WRITE_DELAY_MS);
  }

  /** Writes every waiting mark now; resolves once none is left unwritten, or rejects with the write's failure. */
  async flushMarks(): Promise<void> {
    clearTimeout(this.#markTimer);
    this.#markTimer = undefined;
    while (this.#marks.size > 0) {
      await this.#writes.call(undefined);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    try {
      await this.flushMarks();
    } catch (error) {
      // A replay of these messages republishes their events under the same ids, which consumers drop.
      this.#logger.warn({ err: error, unwritten: this.#marks.size }, 'inbound "published" marks were not written before shutdown');
    }
  }

  #scheduleMarks(delayMs: number): void {
    if (this.#markTimer !== undefined) {
      return;
    }
    this.#markTimer = setTimeout(() => {
      this.#markTimer = undefined;
      this.flushMarks().catch((error: unknown) => {
        this.#logger.warn({ err: error, unwritten: this.#marks.size }, 'writing inbound "published" marks failed; retrying');
        this.#scheduleMarks(MARK_RETRY_MS);
      });
    }, delayMs);
    this.#markTimer.unref();
  }

  async #write(inputs: readonly (ClaimInput | undefined)[]): Promise<(InboundClaim | undefined)[]> {
    // Grouped calls run one statement at a time, so every mark waiting now goes in this one; marks noted while it
    // is in flight stay for the next.
    const marking = new Map(this.#marks);
    const rows = await this.#statement(
      inputs.flatMap((input) => (input && !marking.has(input.carrierMessageId) ? [input] : [])),
      marking,
    );
    for (const carrierMessageId of marking.keys()) {
      this.#marks.delete(carrierMessageId);
    }
    const byCarrierId = new Map(rows.map((row) => [row.carrier_message_id, row]));
    return inputs.map((input) => {
      if (!input) {
        return undefined;
      }
      // A claim whose mark travelled in this statement is answered from the mark: one statement must not change a
      // row twice.
      const mark = marking.get(input.carrierMessageId);
      if (mark) {
        return { messageId: mark.messageId, tenantId: mark.tenantId, published: true };
      }
      const row = byCarrierId.get(input.carrierMessageId);
      if (!row) {
        throw new Error('claiming an inbound message returned no row');
      }
      return { messageId: row.message_id, tenantId: row.tenant_id, published: row.published_at !== null };
    });
  }

  /** Claims the messages and writes the marks in one statement, and returns the claimed rows. */
  async #statement(inputs: readonly ClaimInput[], marking: ReadonlyMap<string, UnwrittenMark>): Promise<ClaimRow[]> {
    // One row per carrier message: a retry racing its original in the same batch shares the original's record.
    const claims = [...new Map(inputs.map((input) => [input.carrierMessageId, input])).values()];
    const claimValues = [
      claims.map((input) => input.carrierMessageId),
      claims.map((input) => input.messageId),
      claims.map((input) => input.tenantId),
      claims.map((input) => input.receivedAt),
    ];
    if (marking.size === 0) {
      return claims.length === 0
        ? []
        : (await this.#db.pool.query<ClaimRow>({ name: 'inbound-messages-claim-many', text: CLAIM, values: claimValues })).rows;
    }
    // Unnamed, so each batch is planned for the table as it is now: a plan cached while the table was empty would
    // scan it whole for every mark.
    const markValues = [[...marking.keys()], latest([...marking.values()].map((mark) => mark.publishedAt))];
    if (claims.length === 0) {
      await this.#db.pool.query({ text: MARK, values: markValues });
      return [];
    }
    return (await this.#db.pool.query<ClaimRow>({ text: MARK_AND_CLAIM, values: [...claimValues, ...markValues] })).rows;
  }
}
