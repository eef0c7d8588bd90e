import { Injectable } from '@nestjs/common';
import { outboundMessageApproved, outboundMessageBlocked, type EventOf, type smsOutboundRequested } from '@parley/contracts';
import { detectSensitiveData, screenOutbound } from '@parley/compliance-filter-domain';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { PolicyService } from '../policies/policy.service.ts';
import { ScreeningMetrics } from './screening.metrics.ts';

type Requested = EventOf<typeof smsOutboundRequested>;

/** Decides whether a reply may go out: approved (redacted as the policy says) or blocked with reasons. */
@Injectable()
export class OutboundScreeningService {
  constructor(
    private readonly policies: PolicyService,
    private readonly publisher: EventPublisher,
    private readonly metrics: ScreeningMetrics,
  ) {}

  async screen(event: Requested): Promise<'approved' | 'blocked'> {
    const { payload } = event;
    const policy = await this.policies.policyFor(event.tenantId);
    const stopTimer = this.metrics.duration.startTimer({ direction: 'outbound' });
    const findings = detectSensitiveData(payload.text);
    const decision = screenOutbound(payload.text, findings, policy);
    stopTimer();
    for (const finding of findings) {
      this.metrics.findings.inc({ direction: 'outbound', type: finding.type });
    }
    const now = new Date();
    const common = {
      tenantId: event.tenantId,
      causationId: event.eventId,
      ...(event.conversationId === undefined ? {} : { conversationId: event.conversationId }),
    };
    if (decision.decision === 'block') {
      this.metrics.decisions.inc({ decision: 'blocked' });
      await this.publisher.publish(outboundMessageBlocked, {
        ...common,
        eventId: deriveEventId(event.eventId, outboundMessageBlocked.type),
        payload: { messageId: payload.messageId, reasons: decision.reasons, explanation: decision.explanation, blockedAt: now.toISOString() },
      });
      return 'blocked';
    }
    this.metrics.decisions.inc({ decision: 'approved' });
    await this.publisher.publish(outboundMessageApproved, {
      ...common,
      eventId: deriveEventId(event.eventId, outboundMessageApproved.type),
      payload: {
        messageId: payload.messageId,
        businessNumber: payload.businessNumber,
        customerNumber: payload.customerNumber,
        text: decision.text,
        ...(payload.purpose === undefined ? {} : { purpose: payload.purpose }),
        requestedBy: payload.requestedBy,
        approvedAt: now.toISOString(),
      },
    });
    return 'approved';
  }
}
