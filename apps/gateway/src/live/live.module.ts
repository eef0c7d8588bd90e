import { Module } from '@nestjs/common';
import { DeskConnectionsRepository } from '@parley/gateway-data-access';
import { AdminModule } from '../admin/admin.module.ts';
import { IdentityModule } from '../identity/identity.module.ts';
import { CommandOutcomes } from './command-outcomes.ts';
import { ConversationHolders } from './conversation-holders.ts';
import { DeskConnectionsService } from './desk-connections.service.ts';
import { LiveEventsConsumer } from './live-events.consumer.ts';
import { LiveHub } from './live-hub.ts';
import { LiveSocketPlugin } from './live-socket.plugin.ts';

/** Live push to the desks connected to this instance, over the WebSocket at /api/live. */
@Module({
  imports: [AdminModule, IdentityModule],
  providers: [DeskConnectionsRepository, DeskConnectionsService, CommandOutcomes, ConversationHolders, LiveHub, LiveEventsConsumer, LiveSocketPlugin],
  exports: [CommandOutcomes],
})
export class LiveModule {}
