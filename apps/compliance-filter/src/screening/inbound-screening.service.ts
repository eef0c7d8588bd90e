import { Inject, Injectable } from '@nestjs/common';
import { smsInboundRedacted, smsInboundScreened, type EventOf, type smsInboundReceived } from '@parley/contracts';
import { detectSensitiveData, redactFurther, screenInbound, type Span } from '@parley/compliance-filter-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import type { ComplianceFilterConfig } from '../config.ts';
import { PolicyService } from '../policies/policy.service.ts';
import { ScreeningMetrics } from './screening.metrics.ts';
import { SplitCardTracker } from './split-card.tracker.ts';

type RawInbound = EventOf<typeof smsInboundReceived>;

/**
 * Turns a customer's raw text into the screened text the rest of the platform sees. Nothing is stored: the raw
 * text lives only in this call, and the outcome is published under an id derived from the raw event's, so a
 * redelivery republishes the same screened event.
 */
@Injectable()
export class InboundScreeningService {
  readonly #splitCards: SplitCardTracker;

  constructor(
    private readonly policies: PolicyService,
    private readonly publisher: EventPublisher,
    private readonly metrics: ScreeningMetrics,
    @Inject(APP_CONFIG) config: ComplianceFilterConfig,
  ) {
    this.#splitCards = new SplitCardTracker({ windowMs: config.screening.splitCardWindowMs, maxThreads: 100_000 });
  }

  async screen(event: RawInbound): Promise<void> {
    const { payload } = event;
    const policy = await this.policies.policyFor(event.tenantId);
    const stopTimer = this.metrics.duration.startTimer({ direction: 'inbound' });
    const now = Date.now();
    const findings: Span[] = detectSensitiveData(payload.text);
    const split = this.#splitCards.match(payload.threadId, payload.text, now);
    const spans = split ? withLeadingCard(findings, split.leading) : findings;
    const screened = screenInbound(payload.text, spans, policy);
    this.#splitCards.remember(payload.threadId, payload.messageId, screened, now, split !== undefined);
    stopTimer();
    for (const finding of spans) {
      this.metrics.findings.inc({ direction: 'inbound', type: finding.type });
    }
    await this.publisher.publish(smsInboundScreened, {
      tenantId: event.tenantId,
      eventId: deriveEventId(event.eventId, smsInboundScreened.type),
      causationId: event.eventId,
      occurredAt: new Date(now),
      payload: {
        messageId: payload.messageId,
        threadId: payload.threadId,
        carrierMessageId: payload.carrierMessageId,
        businessNumberId: payload.businessNumberId,
        businessNumber: payload.businessNumber,
        customerNumber: payload.customerNumber,
        text: screened.text,
        findings: screened.findings,
        parts: payload.parts,
        ...(screened.cardRemoved && policy.autoReply.enabled ? { autoReply: policy.autoReply.text } : {}),
        receivedAt: payload.receivedAt,
        screenedAt: new Date(now).toISOString(),
      },
    });
    if (split) {
      this.metrics.splitCards.inc();
      for (const part of split.earlier) {
        const redacted = redactFurther({ text: part.text, findings: part.findings }, [{ type: 'CREDIT_CARD', start: part.start, end: part.end }], policy);
        await this.publisher.publish(smsInboundRedacted, {
          tenantId: event.tenantId,
          eventId: deriveEventId(event.eventId, `${smsInboundRedacted.type}:${part.messageId}`),
          causationId: event.eventId,
          payload: {
            messageId: part.messageId,
            threadId: payload.threadId,
            text: redacted.text,
            findings: redacted.findings,
            causedBy: payload.messageId,
            redactedAt: new Date(now).toISOString(),
          },
        });
      }
    }
  }
}

/** Adds the split card's leading digits as a card finding, dropping anything the detectors found inside them. */
function withLeadingCard(findings: readonly Span[], leading: { start: number; end: number }): Span[] {
  const outside = findings.filter((finding) => finding.end <= leading.start || finding.start >= leading.end);
  return [...outside, { type: 'CREDIT_CARD' as const, start: leading.start, end: leading.end }].sort((a, b) => a.start - b.start);
}
