import { Injectable } from '@nestjs/common';
import { smsInboundReceived, smsOutboundRequested, type EventOf } from '@parley/contracts';
import { EventConsumer, OnEvent } from '@parley/platform/messaging';
import { InboundScreeningService } from './inbound-screening.service.ts';
import { OutboundScreeningService } from './outbound-screening.service.ts';

/**
 * The only readers of the raw topics. A message that cannot be screened is retried and then dead-lettered with
 * the raw topic's own short retention; it is never passed on unscreened.
 */
@Injectable()
@EventConsumer({ name: 'inbound' })
export class InboundScreeningConsumer {
  constructor(private readonly screening: InboundScreeningService) {}

  @OnEvent(smsInboundReceived)
  async onReceived(event: EventOf<typeof smsInboundReceived>): Promise<void> {
    await this.screening.screen(event);
  }
}

@Injectable()
@EventConsumer({ name: 'outbound' })
export class OutboundScreeningConsumer {
  constructor(private readonly screening: OutboundScreeningService) {}

  @OnEvent(smsOutboundRequested)
  async onRequested(event: EventOf<typeof smsOutboundRequested>): Promise<void> {
    await this.screening.screen(event);
  }
}
