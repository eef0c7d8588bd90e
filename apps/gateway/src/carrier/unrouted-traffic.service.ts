import { Inject, Injectable } from '@nestjs/common';
import { carrierTrafficUnrouted, PLATFORM_TENANT_ID, type E164 } from '@parley/contracts';
import { numberIdFor } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { GatewayConfig } from '../config.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';

/**
 * Traffic for a number no tenant configured: counted, logged and published, then acknowledged so the carrier
 * does not retry it for a day. The text of such a message is dropped, never stored.
 */
@Injectable()
export class UnroutedTrafficService {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  async record(channel: 'sms' | 'voice', number: E164, carrierId: string, receivedAt: Date): Promise<void> {
    this.metrics.unroutedTraffic.inc({ channel });
    this.logger.warn({ channel, number, carrierId }, 'traffic for a number no tenant has configured');
    await this.publisher.publish(carrierTrafficUnrouted, {
      tenantId: PLATFORM_TENANT_ID,
      eventId: deriveEventId(carrierId, carrierTrafficUnrouted.type),
      payload: {
        numberId: numberIdFor(this.config.edge.keySecret, number),
        number,
        channel,
        carrierId,
        receivedAt: receivedAt.toISOString(),
      },
    });
  }
}
