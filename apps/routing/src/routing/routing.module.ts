import { Module } from '@nestjs/common';
import { RoutingRepository } from '@parley/routing-data-access';
import { AdminTokenGuard } from '@parley/platform/http';
import { RoutingAdminController } from '../admin/routing-admin.controller.ts';
import { LiveStateService } from '../live/live-state.service.ts';
import { AgentCommandsService } from './agent-commands.service.ts';
import { AssignmentScheduler } from './assignment.scheduler.ts';
import { AssignmentService } from './assignment.service.ts';
import { ConversationRoutingService } from './conversation-routing.service.ts';
import { QueueSettingsPublisher } from './queue-settings.publisher.ts';
import { AgentCommandsConsumer, ConversationEventsConsumer } from './routing.consumers.ts';
import { RoutingMetricsModule } from './routing.metrics.ts';
import { RoutingSettingsService } from './routing-settings.service.ts';
import { RoutingSweeper } from './routing.sweeper.ts';
import { RoutingWork } from './routing-work.ts';

@Module({
  imports: [RoutingMetricsModule],
  controllers: [RoutingAdminController],
  providers: [
    AdminTokenGuard,
    RoutingRepository,
    RoutingWork,
    RoutingSettingsService,
    AssignmentService,
    AssignmentScheduler,
    ConversationRoutingService,
    AgentCommandsService,
    LiveStateService,
    QueueSettingsPublisher,
    ConversationEventsConsumer,
    AgentCommandsConsumer,
    RoutingSweeper,
  ],
})
export class RoutingModule {}
