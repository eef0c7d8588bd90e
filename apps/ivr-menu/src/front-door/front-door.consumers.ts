import { Injectable } from '@nestjs/common';
import { conversationClosed, smsInboundRedacted, smsInboundScreened, voiceCallDeflected, type EventOf } from '@parley/contracts';
import { EventConsumer, OnEvent, type EventContext } from '@parley/platform/messaging';
import { FrontDoorService } from './front-door.service.ts';

@Injectable()
@EventConsumer({ name: 'texts' })
export class CustomerTextsConsumer {
  constructor(private readonly frontDoor: FrontDoorService) {}

  @OnEvent(smsInboundScreened)
  async onScreened(event: EventOf<typeof smsInboundScreened>, context: EventContext): Promise<void> {
    await this.frontDoor.onScreenedText(context.consumer, event);
  }

  @OnEvent(smsInboundRedacted)
  async onRedacted(event: EventOf<typeof smsInboundRedacted>): Promise<void> {
    await this.frontDoor.onRedactedText(event);
  }
}

@Injectable()
@EventConsumer({ name: 'calls' })
export class DeflectedCallsConsumer {
  constructor(private readonly frontDoor: FrontDoorService) {}

  @OnEvent(voiceCallDeflected)
  async onDeflected(event: EventOf<typeof voiceCallDeflected>, context: EventContext): Promise<void> {
    await this.frontDoor.onDeflectedCall(context.consumer, event);
  }
}

@Injectable()
@EventConsumer({ name: 'closes' })
export class AgentClosesConsumer {
  constructor(private readonly frontDoor: FrontDoorService) {}

  @OnEvent(conversationClosed)
  async onClosed(event: EventOf<typeof conversationClosed>, context: EventContext): Promise<void> {
    await this.frontDoor.onAgentClosed(context.consumer, event);
  }
}
