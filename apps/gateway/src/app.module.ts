import { Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.ts';
import { GatewayDataAccessModule } from '@parley/gateway-data-access';
import { DiagnosticsModule } from './diagnostics/diagnostics.module.ts';
import { DirectoryModule } from './directory/directory.module.ts';
import { DeskModule } from './desk/desk.module.ts';
import { DeskAssetsModule } from './desk-assets/desk-assets.module.ts';
import { IdentityModule } from './identity/identity.module.ts';
import { LiveModule } from './live/live.module.ts';
import { OpenApiModule } from './openapi/openapi.module.ts';
import { GatewayMetricsModule } from './gateway.metrics.ts';
import { SendingModule } from './sending/sending.module.ts';
import { VoiceModule } from './voice/voice.module.ts';
import { WebhooksModule } from './webhooks/webhooks.module.ts';

@Module({
  imports: [OpenApiModule, GatewayDataAccessModule, GatewayMetricsModule, DirectoryModule, AdminModule, IdentityModule, LiveModule, DeskModule, DeskAssetsModule, WebhooksModule, SendingModule, VoiceModule, DiagnosticsModule],
})
export class AppModule {}
