import { Module } from '@nestjs/common';
import { ConversationsRepository, FrontDoorConfigRepository } from '@parley/ivr-menu-data-access';
import { AdminTokenGuard } from '@parley/platform/http';
import { FrontDoorAdminController } from '../admin/front-door-admin.controller.ts';
import { ConsentService } from './consent.service.ts';
import { FrontDoorConfigService } from './front-door-config.service.ts';
import { AgentClosesConsumer, CustomerTextsConsumer, DeflectedCallsConsumer } from './front-door.consumers.ts';
import { FrontDoorMetricsModule } from './front-door.metrics.ts';
import { FrontDoorService } from './front-door.service.ts';
import { FrontDoorSweeper } from './front-door.sweeper.ts';
import { OutcomePublisher } from './outcome-publisher.ts';

@Module({
  imports: [FrontDoorMetricsModule],
  controllers: [FrontDoorAdminController],
  providers: [
    AdminTokenGuard,
    ConversationsRepository,
    FrontDoorConfigRepository,
    FrontDoorConfigService,
    FrontDoorService,
    OutcomePublisher,
    ConsentService,
    CustomerTextsConsumer,
    DeflectedCallsConsumer,
    AgentClosesConsumer,
    FrontDoorSweeper,
  ],
})
export class FrontDoorModule {}
