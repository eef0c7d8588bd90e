import { Injectable } from '@nestjs/common';
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

function latest(times: readonly Date[]): Date {
  return new Date(Math.max(...times.map((time) => time.getTime())));
}

/**
 * Which carrier messages were taken, so a replayed webhook yields no second event. This runs twice per carrier
 * webhook, the platform's hottest path, so it is plain SQL on the shared pool and concurrent webhooks share
 * their round trips.
 */
@Injectable()
export class InboundLedgerRepository {
  readonly #claims: GroupedCalls<ClaimInput, InboundClaim>;
  readonly #marks: GroupedCalls<{ carrierMessageId: string; publishedAt: Date }, undefined>;

  constructor(db: GatewayDatabase) {
    this.#claims = new GroupedCalls(async (inputs) => {
      // One row per carrier message: a retry racing its original in the same batch shares the original's record.
      const unique = [...new Map(inputs.map((input) => [input.carrierMessageId, input])).values()];
      const { rows } = await db.pool.query<ClaimRow>({
        name: 'inbound-messages-claim-many',
        text: `INSERT INTO inbound_messages (carrier_message_id, message_id, tenant_id, received_at)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
               ON CONFLICT (carrier_message_id) DO UPDATE SET carrier_message_id = EXCLUDED.carrier_message_id
               RETURNING carrier_message_id, message_id, tenant_id, published_at`,
        values: [
          unique.map((input) => input.carrierMessageId),
          unique.map((input) => input.messageId),
          unique.map((input) => input.tenantId),
          unique.map((input) => input.receivedAt),
        ],
      });
      const byCarrierId = new Map(rows.map((row) => [row.carrier_message_id, row]));
      return inputs.map((input) => {
        const row = byCarrierId.get(input.carrierMessageId);
        if (!row) {
          throw new Error('claiming an inbound message returned no row');
        }
        return { messageId: row.message_id, tenantId: row.tenant_id, published: row.published_at !== null };
      });
    });
    this.#marks = new GroupedCalls(async (inputs) => {
      // Unnamed, so each batch is planned for the table as it is now: a plan cached while the table was empty
      // would scan it whole for every batch.
      await db.pool.query({
        text: `UPDATE inbound_messages SET published_at = $2
               WHERE carrier_message_id = ANY($1::text[]) AND published_at IS NULL`,
        values: [inputs.map((input) => input.carrierMessageId), latest(inputs.map((input) => input.publishedAt))],
      });
      return inputs.map(() => undefined);
    });
  }

  /** Records the message if it is new and returns the record either way. */
  claim(carrierMessageId: string, messageId: string, tenantId: string, receivedAt: Date): Promise<InboundClaim> {
    return this.#claims.call({ carrierMessageId, messageId, tenantId, receivedAt });
  }

  async markPublished(carrierMessageId: string, publishedAt: Date): Promise<void> {
    await this.#marks.call({ carrierMessageId, publishedAt });
  }
}
