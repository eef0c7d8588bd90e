import { Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.ts';
import { GatewayDataAccessModule } from '@parley/gateway-data-access';
import { DiagnosticsModule } from './diagnostics/diagnostics.module.ts';
import { DirectoryModule } from './directory/directory.module.ts';
import { GatewayMetricsModule } from './gateway.metrics.ts';
import { SendingModule } from './sending/sending.module.ts';
import { VoiceModule } from './voice/voice.module.ts';
import { WebhooksModule } from './webhooks/webhooks.module.ts';

@Module({
  imports: [GatewayDataAccessModule, GatewayMetricsModule, DirectoryModule, AdminModule, WebhooksModule, SendingModule, VoiceModule, DiagnosticsModule],
})
export class AppModule {}
