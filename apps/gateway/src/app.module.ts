import { Module } from '@nestjs/common';
import { GatewayDataAccessModule } from '@parley/gateway-data-access';
import { DiagnosticsModule } from './diagnostics/diagnostics.module.ts';

@Module({
  imports: [GatewayDataAccessModule, DiagnosticsModule],
})
export class AppModule {}
