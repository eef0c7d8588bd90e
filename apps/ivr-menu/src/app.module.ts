import { Module } from '@nestjs/common';
import { IvrMenuDataAccessModule } from '@parley/ivr-menu-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';

@Module({
  imports: [IvrMenuDataAccessModule, ProbeRelayModule],
})
export class AppModule {}
