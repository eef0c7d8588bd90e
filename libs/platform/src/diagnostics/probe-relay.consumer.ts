import { Inject, Injectable, Module } from '@nestjs/common';
import { isProbeExpired, nextProbeService, probeForwarded, probeStarted, type EventOf } from '@parley/contracts';
import { APP_CONFIG } from '../config/config.tokens.ts';
import type { ServiceSection } from '../config/config-fragments.ts';
import { EventConsumer, OnEvent } from '../messaging/event-consumer.decorators.ts';
import type { EventContext } from '../messaging/event-context.ts';
import { deriveEventId } from '../messaging/event-ids.ts';
import { EventPublisher } from '../messaging/event-publisher.ts';
import { Inbox } from '../persistence/inbox.ts';

type ProbeEvent = EventOf<typeof probeStarted> | EventOf<typeof probeForwarded>;

/**
 * Passes a pipeline probe to the next service when it is this service's turn, through the service's own Kafka
 * client and database, so a probe that comes back proves every hop works end to end.
 */
@Injectable()
@EventConsumer({ name: 'diagnostics' })
export class ProbeRelayConsumer {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly inbox: Inbox,
    @Inject(APP_CONFIG) private readonly config: ServiceSection,
  ) {}

  @OnEvent(probeStarted)
  async onStarted(event: EventOf<typeof probeStarted>, context: EventContext): Promise<void> {
    await this.relay(event, context);
  }

  @OnEvent(probeForwarded)
  async onForwarded(event: EventOf<typeof probeForwarded>, context: EventContext): Promise<void> {
    await this.relay(event, context);
  }

  private async relay(event: ProbeEvent, context: EventContext): Promise<void> {
    const service = this.config.service.name;
    if (event.payload.nextService !== service || isProbeExpired(event.payload, new Date())) {
      return;
    }
    const next = nextProbeService(service);
    if (!next) {
      return;
    }
    await this.inbox.runOnce(context.consumer, event.eventId, async () => {
      await this.publisher.publish(probeForwarded, {
        tenantId: event.tenantId,
        eventId: deriveEventId(event.eventId, 'diagnostics.probe.forwarded'),
        causationId: event.eventId,
        payload: {
          ...event.payload,
          nextService: next,
          hops: [...event.payload.hops, { service, receivedAt: new Date().toISOString() }],
        },
      });
    });
  }
}

/** Joins a service to the pipeline probe; every service but the gateway, which starts and ends probes, uses it. */
@Module({ providers: [ProbeRelayConsumer] })
export class ProbeRelayModule {}
