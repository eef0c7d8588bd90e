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
    const rows = await this.db.$queryRaw<{ message_id: string; tenant_id: string; published_at: Date | null }[]>`
      INSERT INTO inbound_messages (carrier_message_id, message_id, tenant_id, received_at)
      VALUES (${carrierMessageId}, ${messageId}, ${tenantId}, ${receivedAt})
      ON CONFLICT (carrier_message_id) DO UPDATE SET carrier_message_id = EXCLUDED.carrier_message_id
      RETURNING message_id, tenant_id, published_at`;
    const row = rows[0];
    if (!row) {
      throw new Error('claiming an inbound message returned no row');
    }
    return { messageId: row.message_id, tenantId: row.tenant_id, published: row.published_at !== null };
  }

  async markPublished(carrierMessageId: string, publishedAt: Date): Promise<void> {
    await this.db.inboundMessage.updateMany({ where: { carrierMessageId, publishedAt: null }, data: { publishedAt } });
  }
}
