import { Module } from '@nestjs/common';
import { TenantPoliciesRepository } from '@parley/compliance-filter-data-access';
import { AdminTokenGuard } from '@parley/platform/http';
import { PolicyController } from '../policies/policy.controller.ts';
import { PolicyService } from '../policies/policy.service.ts';
import { InboundScreeningService } from './inbound-screening.service.ts';
import { OutboundScreeningService } from './outbound-screening.service.ts';
import { InboundScreeningConsumer, OutboundScreeningConsumer } from './screening.consumers.ts';
import { ScreeningMetricsModule } from './screening.metrics.ts';

@Module({
  imports: [ScreeningMetricsModule],
  controllers: [PolicyController],
  providers: [
    TenantPoliciesRepository,
    PolicyService,
    AdminTokenGuard,
    InboundScreeningService,
    OutboundScreeningService,
    InboundScreeningConsumer,
    OutboundScreeningConsumer,
  ],
})
export class ScreeningModule {}
