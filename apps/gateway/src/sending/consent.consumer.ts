import { Injectable } from '@nestjs/common';
import { consentOptedIn, consentOptedOut, type EventOf } from '@parley/contracts';
import { SuppressionRepository } from '@parley/gateway-data-access';
import { EventConsumer, OnEvent } from '@parley/platform/messaging';

/**
 * Keeps the sender's suppression list in step with the consent ledger: an opted-out customer gets no text on any of
 * the tenant's numbers until they opt back in. Both writes are idempotent and the topic is ordered per tenant.
 */
@Injectable()
@EventConsumer({ name: 'consent' })
export class ConsentConsumer {
  constructor(private readonly suppressions: SuppressionRepository) {}

  @OnEvent(consentOptedOut)
  async onOptedOut(event: EventOf<typeof consentOptedOut>): Promise<void> {
    await this.suppressions.suppress(event.tenantId, event.payload.customerNumber, `opted-out:${event.payload.source}`, new Date(event.payload.at));
  }

  @OnEvent(consentOptedIn)
  async onOptedIn(event: EventOf<typeof consentOptedIn>): Promise<void> {
    await this.suppressions.release(event.tenantId, event.payload.customerNumber, new Date(event.payload.at));
  }
}
