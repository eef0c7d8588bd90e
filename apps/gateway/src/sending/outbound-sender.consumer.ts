import { Injectable } from '@nestjs/common';
import { outboundMessageApproved, type EventOf } from '@parley/contracts';
import { EventConsumer, OnEvent, type EventContext } from '@parley/platform/messaging';
import { OutboundSenderService } from './outbound-sender.service.ts';

/** The one sender: takes approved replies off the conversation log and hands them to the carrier. */
@Injectable()
@EventConsumer({ name: 'sender' })
export class OutboundSenderConsumer {
  constructor(private readonly sender: OutboundSenderService) {}

  @OnEvent(outboundMessageApproved)
  async onApproved(event: EventOf<typeof outboundMessageApproved>, context: EventContext): Promise<void> {
    await this.sender.send(event, () => context.heartbeat());
  }
}
