import { Inject, Injectable } from '@nestjs/common';
import { MAX_SMS_PARTS, smsInboundReceived, toE164 } from '@parley/contracts';
import { InboundLedgerRepository } from '@parley/gateway-data-access';
import { newId, threadIdFor } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { UnroutedTrafficService } from '../carrier/unrouted-traffic.service.ts';
import type { GatewayConfig } from '../config.ts';
import { NumberDirectoryService } from '../directory/number-directory.service.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import { carrierTime, type InboundSms } from './vonage-payloads.ts';

export type InboundOutcome = 'accepted' | 'duplicate' | 'unrouted';

/**
 * Takes a customer's text from the carrier onto the raw inbound topic. The webhook is answered only after Kafka
 * acknowledged; the event id is derived from the carrier's message id, so a retry after a failure republishes
 * the same event and a replay after success publishes nothing.
 */
@Injectable()
export class InboundSmsService {
  constructor(
    private readonly numbers: NumberDirectoryService,
    private readonly ledger: InboundLedgerRepository,
    private readonly publisher: EventPublisher,
    private readonly unrouted: UnroutedTrafficService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  async receive(sms: InboundSms): Promise<InboundOutcome> {
    const outcome = await this.#receive(sms);
    this.metrics.inboundSms.inc({ outcome });
    return outcome;
  }

  async #receive(sms: InboundSms): Promise<InboundOutcome> {
    const businessNumber = toE164(sms.to);
    const customerNumber = toE164(sms.from);
    if (!businessNumber || !customerNumber) {
      throw new Error('inbound numbers were validated as E.164');
    }
    const receivedAt = carrierTime(sms.timestamp);
    const number = await this.numbers.resolve(businessNumber);
    if (!number || !number.smsEnabled || !number.tenantActive) {
      await this.unrouted.record('sms', businessNumber, sms.message_uuid, receivedAt);
      return 'unrouted';
    }
    const claim = await this.ledger.claim(sms.message_uuid, newId('msg'), number.tenantId, receivedAt);
    if (claim.published) {
      return 'duplicate';
    }
    await this.publisher.publish(smsInboundReceived, {
      tenantId: number.tenantId,
      eventId: deriveEventId(sms.message_uuid, smsInboundReceived.type),
      occurredAt: receivedAt,
      payload: {
        messageId: claim.messageId,
        threadId: threadIdFor(this.config.edge.keySecret, number.tenantId, businessNumber, customerNumber),
        carrierMessageId: sms.message_uuid,
        businessNumberId: number.id,
        businessNumber,
        customerNumber,
        text: sms.text,
        parts: Math.max(1, Math.min(MAX_SMS_PARTS, sms.sms?.num_messages ?? 1)),
        receivedAt: receivedAt.toISOString(),
      },
    });
    // Written behind the answer; until then the ledger answers a replay from memory, so it publishes nothing.
    this.ledger.markPublished({ carrierMessageId: sms.message_uuid, messageId: claim.messageId, tenantId: claim.tenantId }, new Date());
    return 'accepted';
  }
}
