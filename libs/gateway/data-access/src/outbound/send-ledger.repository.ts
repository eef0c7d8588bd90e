import { Injectable } from '@nestjs/common';
import { GatewayDatabase } from '../gateway.database.ts';

export type SendState = 'pending' | 'sending' | 'sent' | 'failed';

export interface SendRecord {
  messageId: string;
  tenantId: string;
  conversationId: string;
  state: SendState;
  carrierMessageId: string | null;
  encoding: 'gsm-7' | 'ucs-2';
  segments: number;
  attempts: number;
  lastError: string | null;
  sendingSince: Date | null;
}

type Row = Omit<SendRecord, 'state' | 'encoding'> & { state: string; encoding: string };

function toRecord(row: Row): SendRecord {
  const state = (['pending', 'sending', 'sent', 'failed'] as const).find((candidate) => candidate === row.state) ?? 'failed';
  return {
    messageId: row.messageId,
    tenantId: row.tenantId,
    conversationId: row.conversationId,
    state,
    carrierMessageId: row.carrierMessageId,
    encoding: row.encoding === 'ucs-2' ? 'ucs-2' : 'gsm-7',
    segments: row.segments,
    attempts: row.attempts,
    lastError: row.lastError,
    sendingSince: row.sendingSince,
  };
}

/**
 * The send ledger. A reply moves pending → sending → sent | failed; `sending` is written and committed before
 * the carrier is called, so a crash mid-call leaves a trace that prevents a second send. A definite refusal
 * (429, 5xx, connection refused) puts it back to pending; an answer that never came leaves it for the carrier's
 * receipt or the unconfirmed sweep to settle.
 */
@Injectable()
export class SendLedgerRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async claim(
    messageId: string,
    tenantId: string,
    conversationId: string,
    shape: { encoding: 'gsm-7' | 'ucs-2'; segments: number },
  ): Promise<SendRecord> {
    const row = await this.db.outboundMessage.upsert({
      where: { messageId },
      create: { messageId, tenantId, conversationId, state: 'pending', ...shape },
      update: {},
    });
    return toRecord(row);
  }

  async find(messageId: string): Promise<SendRecord | undefined> {
    const row = await this.db.outboundMessage.findUnique({ where: { messageId } });
    return row ? toRecord(row) : undefined;
  }

  /** Takes the right to call the carrier; false when another attempt holds it or the reply is settled. */
  async beginSending(messageId: string, now: Date): Promise<boolean> {
    const { count } = await this.db.outboundMessage.updateMany({
      where: { messageId, state: 'pending' },
      data: { state: 'sending', sendingSince: now, attempts: { increment: 1 } },
    });
    return count === 1;
  }

  async returnToPending(messageId: string, error: string): Promise<void> {
    await this.db.outboundMessage.updateMany({
      where: { messageId, state: 'sending' },
      data: { state: 'pending', sendingSince: null, lastError: error.slice(0, 500) },
    });
  }

  /** Records the carrier's acceptance; also settles a send left unconfirmed, when its receipt arrives. */
  async markSent(messageId: string, carrierMessageId: string, sentAt: Date): Promise<boolean> {
    const { count } = await this.db.outboundMessage.updateMany({
      where: { messageId, state: { in: ['sending', 'pending'] } },
      data: { state: 'sent', carrierMessageId, sentAt, sendingSince: null },
    });
    return count === 1;
  }

  async markFailed(messageId: string, error: string, failedAt: Date): Promise<boolean> {
    const { count } = await this.db.outboundMessage.updateMany({
      where: { messageId, state: { in: ['pending', 'sending'] } },
      data: { state: 'failed', lastError: error.slice(0, 500), failedAt, sendingSince: null },
    });
    return count === 1;
  }

  /** Replies stuck in `sending` since before the cutoff: no answer and no receipt, so give them up. */
  async failUnconfirmed(cutoff: Date, now: Date, limit: number): Promise<SendRecord[]> {
    return this.db.$transaction(async (transaction) => {
      const stuck = await transaction.$queryRaw<{ message_id: string }[]>`
        SELECT message_id FROM outbound_messages
        WHERE state = 'sending' AND sending_since < ${cutoff}
        ORDER BY sending_since
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`;
      const ids = stuck.map((row) => row.message_id);
      if (ids.length === 0) {
        return [];
      }
      await transaction.outboundMessage.updateMany({
        where: { messageId: { in: ids } },
        data: { state: 'failed', failedAt: now, sendingSince: null, lastError: 'no answer or receipt from the carrier' },
      });
      return (await transaction.outboundMessage.findMany({ where: { messageId: { in: ids } } })).map(toRecord);
    });
  }

  async findByCarrierMessageId(carrierMessageId: string): Promise<SendRecord | undefined> {
    const row = await this.db.outboundMessage.findUnique({ where: { carrierMessageId } });
    return row ? toRecord(row) : undefined;
  }
}
