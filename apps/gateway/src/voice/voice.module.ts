import { Module } from '@nestjs/common';
import { VoiceCallsRepository } from '@parley/gateway-data-access';
import { CarrierModule } from '../carrier/carrier.module.ts';
import { DirectoryModule } from '../directory/directory.module.ts';
import { VoiceCallsService } from './voice-calls.service.ts';
import { VoiceWebhooksController } from './voice-webhooks.controller.ts';

@Module({
  imports: [DirectoryModule, CarrierModule],
  controllers: [VoiceWebhooksController],
  providers: [VoiceCallsRepository, VoiceCallsService],
})
export class VoiceModule {}
