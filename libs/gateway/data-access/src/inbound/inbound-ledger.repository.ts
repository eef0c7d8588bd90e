import { Injectable } from '@nestjs/common';
import { GatewayDatabase } from '../gateway.database.ts';

export interface InboundClaim {
  messageId: string;
  tenantId: string;
  published: boolean;
}

/** Which carrier messages were taken, so a replayed webhook yields no second event. */
@Injectable()
export class InboundLedgerRepository {
  constructor(private readonly db: GatewayDatabase) {}

  /** Records the message if it is new and returns the record either way, in one round trip. */
  async claim(carrierMessageId: string, messageId: string, tenantId: string, receivedAt: Date): Promise<InboundClaim> {
    // Plain SQL on the shared pool: this runs once per carrier webhook, the platform's hottest path.
    const { rows } = await this.db.pool.query<{ message_id: string; tenant_id: string; published_at: Date | null }>({
      name: 'inbound-messages-claim',
      text: `INSERT INTO inbound_messages (carrier_message_id, message_id, tenant_id, received_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (carrier_message_id) DO UPDATE SET carrier_message_id = EXCLUDED.carrier_message_id
             RETURNING message_id, tenant_id, published_at`,
      values: [carrierMessageId, messageId, tenantId, receivedAt],
    });
    const row = rows[0];
    if (!row) {
      throw new Error('claiming an inbound message returned no row');
    }
    return { messageId: row.message_id, tenantId: row.tenant_id, published: row.published_at !== null };
  }

  async markPublished(carrierMessageId: string, publishedAt: Date): Promise<void> {
    await this.db.pool.query({
      name: 'inbound-messages-published',
      text: 'UPDATE inbound_messages SET published_at = $2 WHERE carrier_message_id = $1 AND published_at IS NULL',
      values: [carrierMessageId, publishedAt],
    });
  }
}
