import { Injectable } from '@nestjs/common';
import {
  agentAcceptRequested,
  agentCallChanged,
  agentCloseRequested,
  agentConnectionChanged,
  agentDeactivated,
  agentDeclineRequested,
  agentPresenceRequested,
  agentTransferRequested,
  conversationEnded,
  conversationMessageReceived,
  conversationQueued,
  conversationStarted,
  outboundMessageApproved,
  type EventOf,
} from '@parley/contracts';
import { EventConsumer, OnEvent, type EventContext } from '@parley/platform/messaging';
import { AgentCommandsService } from './agent-commands.service.ts';
import { ConversationRoutingService } from './conversation-routing.service.ts';

@Injectable()
@EventConsumer({ name: 'conversations' })
export class ConversationEventsConsumer {
  constructor(private readonly routing: ConversationRoutingService) {}

  @OnEvent(conversationStarted)
  async onStarted(event: EventOf<typeof conversationStarted>): Promise<void> {
    await this.routing.onStarted(event);
  }

  @OnEvent(conversationQueued)
  async onQueued(event: EventOf<typeof conversationQueued>): Promise<void> {
    await this.routing.onQueued(event);
  }

  @OnEvent(conversationMessageReceived)
  async onCustomerMessage(event: EventOf<typeof conversationMessageReceived>): Promise<void> {
    await this.routing.onCustomerMessage(event);
  }

  @OnEvent(outboundMessageApproved)
  async onReplyApproved(event: EventOf<typeof outboundMessageApproved>, context: EventContext): Promise<void> {
    await this.routing.onReplyApproved(context.consumer, event);
  }

  @OnEvent(conversationEnded)
  async onEnded(event: EventOf<typeof conversationEnded>): Promise<void> {
    await this.routing.onEnded(event);
  }
}

@Injectable()
@EventConsumer({ name: 'agent-commands' })
export class AgentCommandsConsumer {
  constructor(private readonly commands: AgentCommandsService) {}

  @OnEvent(agentAcceptRequested)
  async onAccept(event: EventOf<typeof agentAcceptRequested>, context: EventContext): Promise<void> {
    await this.commands.accept(context.consumer, event);
  }

  @OnEvent(agentDeclineRequested)
  async onDecline(event: EventOf<typeof agentDeclineRequested>, context: EventContext): Promise<void> {
    await this.commands.decline(context.consumer, event);
  }

  @OnEvent(agentTransferRequested)
  async onTransfer(event: EventOf<typeof agentTransferRequested>, context: EventContext): Promise<void> {
    await this.commands.transfer(context.consumer, event);
  }

  @OnEvent(agentCloseRequested)
  async onClose(event: EventOf<typeof agentCloseRequested>, context: EventContext): Promise<void> {
    await this.commands.close(context.consumer, event);
  }

  @OnEvent(agentPresenceRequested)
  async onPresence(event: EventOf<typeof agentPresenceRequested>, context: EventContext): Promise<void> {
    await this.commands.setPresence(context.consumer, event);
  }

  @OnEvent(agentConnectionChanged)
  async onConnection(event: EventOf<typeof agentConnectionChanged>, context: EventContext): Promise<void> {
    await this.commands.connectionChanged(context.consumer, event);
  }

  @OnEvent(agentCallChanged)
  async onCall(event: EventOf<typeof agentCallChanged>, context: EventContext): Promise<void> {
    await this.commands.callChanged(context.consumer, event);
  }

  @OnEvent(agentDeactivated)
  async onDeactivated(event: EventOf<typeof agentDeactivated>, context: EventContext): Promise<void> {
    await this.commands.deactivate(context.consumer, event);
  }
}
