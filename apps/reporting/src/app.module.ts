import { Module } from '@nestjs/common';
import { ReportingDataAccessModule } from '@parley/reporting-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';

@Module({
  imports: [ReportingDataAccessModule, ProbeRelayModule],
})
export class AppModule {}
