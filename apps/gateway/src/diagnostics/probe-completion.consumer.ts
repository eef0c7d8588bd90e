import { Injectable } from '@nestjs/common';
import { probeForwarded, type EventOf } from '@parley/contracts';
import { ProbesRepository, type Prisma } from '@parley/gateway-data-access';
import { EventConsumer, OnEvent, type EventContext } from '@parley/platform/messaging';
import { Inbox } from '@parley/platform/persistence';

/** Records a probe's return to the gateway, once, whatever the redeliveries. */
@Injectable()
@EventConsumer({ name: 'diagnostics' })
export class ProbeCompletionConsumer {
  constructor(
    private readonly probes: ProbesRepository,
    private readonly inbox: Inbox,
  ) {}

  @OnEvent(probeForwarded)
  async onForwarded(event: EventOf<typeof probeForwarded>, context: EventContext): Promise<void> {
    if (event.payload.nextService !== 'gateway') {
      return;
    }
    const receivedAt = new Date();
    await this.inbox.runOnce(context.consumer, event.eventId, async (transaction) => {
      await this.probes.complete(
        event.payload.probeId,
        [...event.payload.hops, { service: 'gateway', receivedAt: receivedAt.toISOString() }],
        receivedAt,
        transaction as Prisma.TransactionClient,
      );
    });
  }
}
