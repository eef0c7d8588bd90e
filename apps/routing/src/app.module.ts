import { Module } from '@nestjs/common';
import { RoutingDataAccessModule } from '@parley/routing-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';

@Module({
  imports: [RoutingDataAccessModule, ProbeRelayModule],
})
export class AppModule {}
