import { Module } from '@nestjs/common';
import { RoutingDataAccessModule } from '@parley/routing-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';
import { RoutingModule } from './routing/routing.module.ts';

@Module({
  imports: [RoutingDataAccessModule, RoutingModule, ProbeRelayModule],
})
export class AppModule {}
