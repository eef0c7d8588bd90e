import { Module } from '@nestjs/common';
import { ComplianceFilterDataAccessModule } from '@parley/compliance-filter-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';

@Module({
  imports: [ComplianceFilterDataAccessModule, ProbeRelayModule],
})
export class AppModule {}
