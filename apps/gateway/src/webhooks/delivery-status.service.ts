import { Inject, Injectable } from '@nestjs/common';
import { outboundMessageDeliveryReported, outboundMessageSent } from '@parley/contracts';
import { SendLedgerRepository, type SendRecord } from '@parley/gateway-data-access';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { GatewayMetrics } from '../gateway.metrics.ts';
import { carrierTime, type DeliveryStatus } from './vonage-payloads.ts';

export type ReceiptOutcome = 'reported' | 'unmatched' | 'ignored';

/**
 * Turns the carrier's delivery receipts into delivery events on the conversation's log. A receipt for a send whose
 * answer never came (a crash or timeout mid-call) is also the proof it was accepted, and settles it as sent.
 */
@Injectable()
export class DeliveryStatusService {
  constructor(
    private readonly ledger: SendLedgerRepository,
    private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  async report(receipt: DeliveryStatus): Promise<ReceiptOutcome> {
    const outcome = await this.#report(receipt);
    this.metrics.deliveryReceipts.inc({ outcome, status: receipt.status });
    return outcome;
  }

  async #report(receipt: DeliveryStatus): Promise<ReceiptOutcome> {
    if (receipt.status === 'read') {
      return 'ignored';
    }
    const record =
      (receipt.client_ref ? await this.ledger.find(receipt.client_ref) : undefined) ??
      (await this.ledger.findByCarrierMessageId(receipt.message_uuid));
    if (!record) {
      this.logger.warn({ carrierMessageId: receipt.message_uuid, status: receipt.status }, 'receipt for a message Parley did not send');
      return 'unmatched';
    }
    const reportedAt = carrierTime(receipt.timestamp);
    if (record.state === 'sending' || record.state === 'pending') {
      await this.#settleAsSent(record, receipt.message_uuid, reportedAt);
    }
    await this.publisher.publish(outboundMessageDeliveryReported, {
      tenantId: record.tenantId,
      conversationId: record.conversationId,
      eventId: deriveEventId(receipt.message_uuid, `${outboundMessageDeliveryReported.type}:${receipt.status}:${receipt.timestamp}`),
      occurredAt: reportedAt,
      payload: {
        messageId: record.messageId,
        carrierMessageId: receipt.message_uuid,
        status: receipt.status,
        ...(receipt.error
          ? {
              error: {
                code: (receipt.error.title ?? receipt.error.type?.split('#').at(-1) ?? 'unknown').slice(0, 20),
                title: (receipt.error.detail ?? receipt.error.title ?? 'delivery failed').slice(0, 200),
                ...(receipt.error.type ? { detail: receipt.error.type.slice(0, 500) } : {}),
              },
            }
          : {}),
        ...(receipt.sms?.count_total ? { segments: Math.max(1, receipt.sms.count_total) } : {}),
        ...(receipt.usage ? { price: { amount: receipt.usage.price.slice(0, 20), currency: receipt.usage.currency } } : {}),
        reportedAt: reportedAt.toISOString(),
      },
    });
    return 'reported';
  }

  async #settleAsSent(record: SendRecord, carrierMessageId: string, at: Date): Promise<void> {
    if (await this.ledger.markSent(record.messageId, carrierMessageId, at)) {
      this.logger.info({ messageId: record.messageId }, 'an unconfirmed send was settled by its receipt');
      await this.publisher.publish(outboundMessageSent, {
        tenantId: record.tenantId,
        conversationId: record.conversationId,
        eventId: deriveEventId(record.messageId, outboundMessageSent.type),
        occurredAt: at,
        payload: {
          messageId: record.messageId,
          carrierMessageId,
          encoding: record.encoding,
          segments: record.segments,
          sentAt: at.toISOString(),
        },
      });
    }
  }
}
