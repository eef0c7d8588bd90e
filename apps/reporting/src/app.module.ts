import { Module } from '@nestjs/common';
import { ProbeRelayModule } from '@parley/platform/diagnostics';
import { ReportingDataAccessModule } from '@parley/reporting-data-access';
import { ReportingModule } from './reporting.module.ts';

@Module({
  imports: [ReportingDataAccessModule, ReportingModule, ProbeRelayModule],
})
export class AppModule {}
