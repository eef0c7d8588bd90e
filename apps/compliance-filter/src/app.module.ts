import { Module } from '@nestjs/common';
import { ComplianceFilterDataAccessModule } from '@parley/compliance-filter-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';
import { ScreeningModule } from './screening/screening.module.ts';

@Module({
  imports: [ComplianceFilterDataAccessModule, ScreeningModule, ProbeRelayModule],
})
export class AppModule {}
