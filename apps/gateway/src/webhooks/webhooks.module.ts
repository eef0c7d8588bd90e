import { Module } from '@nestjs/common';
import { InboundLedgerRepository } from '@parley/gateway-data-access';
import { CarrierModule } from '../carrier/carrier.module.ts';
import { DirectoryModule } from '../directory/directory.module.ts';
import { SendingModule } from '../sending/sending.module.ts';
import { DeliveryStatusController } from './delivery-status.controller.ts';
import { DeliveryStatusService } from './delivery-status.service.ts';
import { InboundSmsController } from './inbound-sms.controller.ts';
import { InboundSmsService } from './inbound-sms.service.ts';

@Module({
  imports: [DirectoryModule, CarrierModule, SendingModule],
  controllers: [InboundSmsController, DeliveryStatusController],
  providers: [InboundLedgerRepository, InboundSmsService, DeliveryStatusService],
})
export class WebhooksModule {}
