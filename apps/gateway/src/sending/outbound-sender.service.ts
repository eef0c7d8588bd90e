import { Inject, Injectable } from '@nestjs/common';
import {
  SEND_FAILURE_REASONS,
  outboundMessageFailed,
  outboundMessageSent,
  type EventOf,
  type outboundMessageApproved,
} from '@parley/contracts';
import { SendLedgerRepository, SuppressionRepository, type SendRecord } from '@parley/gateway-data-access';
import { APP_CONFIG } from '@parley/platform/config';
import { backoffDelay, deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { analyzeSms } from '@parley/sms-domain';
import type { GatewayConfig } from '../config.ts';
import { NumberDirectoryService } from '../directory/number-directory.service.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import { SendPacer } from './send-pacer.ts';
import { SmsCarrier, type CarrierSendResult } from './sms-carrier.ts';

type Approved = EventOf<typeof outboundMessageApproved>;
type FailureReason = EventOf<typeof outboundMessageFailed>['payload']['reason'];

const MAX_RETRY_AFTER_MS = 30_000;

export type SendOutcome = 'sent' | 'failed' | 'already-settled' | 'unconfirmed';

/**
 * Sends each approved reply exactly once. The ledger row is claimed first; opted-out customers and numbers the
 * tenant does not own fail visibly; `sending` is committed before the carrier is called, so a redelivery after a
 * crash never calls it again; throttling and carrier errors are retried with backoff, honouring Retry-After.
 */
@Injectable()
export class OutboundSenderService {
  constructor(
    private readonly ledger: SendLedgerRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly numbers: NumberDirectoryService,
    private readonly carrier: SmsCarrier,
    private readonly pacer: SendPacer,
    private readonly publisher: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  async send(event: Approved, heartbeat: () => Promise<void>): Promise<SendOutcome> {
    const outcome = await this.#send(event, heartbeat);
    this.metrics.outboundSms.inc({ outcome });
    return outcome;
  }

  async #send(event: Approved, heartbeat: () => Promise<void>): Promise<SendOutcome> {
    const { payload, tenantId } = event;
    const conversationId = event.conversationId ?? '';
    const shape = analyzeSms(payload.text);
    let record = await this.ledger.claim(payload.messageId, tenantId, conversationId, { encoding: shape.encoding, segments: shape.segments });
    if (record.state !== 'pending') {
      return this.#replay(record);
    }
    // The one confirmation of an opt-out (or the answer to HELP) may reach a customer who opted out; nothing else may.
    if (payload.purpose !== 'consent' && (await this.suppressions.isSuppressed(tenantId, payload.customerNumber))) {
      return this.#fail(record, 'recipient-opted-out', 'The customer opted out of texts from this business.');
    }
    const number = await this.numbers.resolve(payload.businessNumber);
    if (!number || number.tenantId !== tenantId || !number.smsEnabled || !number.tenantActive) {
      return this.#fail(record, 'number-not-configured', 'The reply names a number this tenant cannot send from.');
    }
    for (let attempt = 1; ; attempt += 1) {
      await this.pacer.acquire(payload.businessNumber, number.numberType);
      if (!(await this.ledger.beginSending(record.messageId, new Date()))) {
        return 'already-settled';
      }
      const result = await this.carrier.send({
        from: payload.businessNumber,
        to: payload.customerNumber,
        text: payload.text,
        clientRef: payload.messageId,
      });
      this.metrics.carrierSendRequests.inc({ result: result.kind });
      switch (result.kind) {
        case 'accepted':
          await this.ledger.markSent(record.messageId, result.carrierMessageId, new Date());
          await this.#publishSent(record, result.carrierMessageId);
          return 'sent';
        case 'rejected':
          return this.#fail(record, 'carrier-rejected', result.detail, { code: result.code, title: result.title });
        case 'unknown':
          // The carrier may have it: never send again; its receipt settles the row, or the sweep gives it up.
          this.logger.warn({ messageId: record.messageId, detail: result.detail }, 'no answer from the carrier; awaiting its receipt');
          return 'unconfirmed';
        case 'retry-later':
          await this.ledger.returnToPending(record.messageId, result.detail);
          if (attempt >= this.config.vonage.sendMaxAttempts) {
            return this.#fail(record, 'carrier-unavailable', `The carrier did not take the message after ${attempt} attempts (${result.detail}).`);
          }
          await this.#waitBeforeRetry(payload.businessNumber, attempt, result, heartbeat);
          record = (await this.ledger.find(record.messageId)) ?? record;
          break;
      }
    }
  }

  async #waitBeforeRetry(from: string, attempt: number, result: Extract<CarrierSendResult, { kind: 'retry-later' }>, heartbeat: () => Promise<void>): Promise<void> {
    const delay = Math.min(MAX_RETRY_AFTER_MS, result.retryAfterMs ?? backoffDelay(attempt, 500, 8_000));
    this.logger.warn({ from, attempt, status: result.status, retryInMs: delay }, 'carrier asked to retry later');
    this.pacer.defer(from, delay);
    // Heartbeats keep the consumer's partitions while a throttled send waits.
    for (let waited = 0; waited < delay; waited += 2_000) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, delay - waited)));
      await heartbeat();
    }
  }

  /** A redelivered approval finds its reply already settled: republish the outcome (same event id), send nothing. */
  async #replay(record: SendRecord): Promise<SendOutcome> {
    if (record.state === 'sent' && record.carrierMessageId) {
      await this.#publishSent(record, record.carrierMessageId);
      return 'already-settled';
    }
    if (record.state === 'failed') {
      const [recorded = '', ...detail] = (record.lastError ?? '').split(': ');
      const reason = SEND_FAILURE_REASONS.find((candidate) => candidate === recorded) ?? 'send-unconfirmed';
      await this.publisher.publish(outboundMessageFailed, {
        tenantId: record.tenantId,
        conversationId: record.conversationId,
        eventId: deriveEventId(record.messageId, outboundMessageFailed.type),
        payload: {
          messageId: record.messageId,
          reason,
          detail: detail.join(': ').slice(0, 500) || 'The reply was not sent.',
          failedAt: new Date().toISOString(),
        },
      });
      return 'already-settled';
    }
    return 'unconfirmed';
  }

  async #publishSent(record: SendRecord, carrierMessageId: string): Promise<void> {
    await this.publisher.publish(outboundMessageSent, {
      tenantId: record.tenantId,
      conversationId: record.conversationId,
      eventId: deriveEventId(record.messageId, outboundMessageSent.type),
      payload: {
        messageId: record.messageId,
        carrierMessageId,
        encoding: record.encoding,
        segments: record.segments,
        sentAt: new Date().toISOString(),
      },
    });
  }

  async #fail(record: SendRecord, reason: FailureReason, detail: string, carrierError?: { code: string; title: string }): Promise<SendOutcome> {
    const failedAt = new Date();
    await this.ledger.markFailed(record.messageId, `${reason}: ${detail}`, failedAt);
    await this.publisher.publish(outboundMessageFailed, {
      tenantId: record.tenantId,
      conversationId: record.conversationId,
      eventId: deriveEventId(record.messageId, outboundMessageFailed.type),
      payload: {
        messageId: record.messageId,
        reason,
        detail: detail.slice(0, 500),
        ...(carrierError ? { carrierError: { code: carrierError.code.slice(0, 20), title: carrierError.title.slice(0, 200) } } : {}),
        failedAt: failedAt.toISOString(),
      },
    });
    return 'failed';
  }
}
