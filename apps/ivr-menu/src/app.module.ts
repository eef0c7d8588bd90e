import { Module } from '@nestjs/common';
import { IvrMenuDataAccessModule } from '@parley/ivr-menu-data-access';
import { ProbeRelayModule } from '@parley/platform/diagnostics';
import { FrontDoorModule } from './front-door/front-door.module.ts';

@Module({
  imports: [IvrMenuDataAccessModule, FrontDoorModule, ProbeRelayModule],
})
export class AppModule {}
