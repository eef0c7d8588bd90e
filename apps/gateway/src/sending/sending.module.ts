import { Module } from '@nestjs/common';
import { SendLedgerRepository, SuppressionRepository } from '@parley/gateway-data-access';
import { DirectoryModule } from '../directory/directory.module.ts';
import { ConsentConsumer } from './consent.consumer.ts';
import { OutboundSenderConsumer } from './outbound-sender.consumer.ts';
import { OutboundSenderService } from './outbound-sender.service.ts';
import { SendPacer } from './send-pacer.ts';
import { SmsCarrier } from './sms-carrier.ts';
import { UnconfirmedSendsSweeper } from './unconfirmed-sends.sweeper.ts';
import { VonageSmsCarrier } from './vonage-sms.carrier.ts';

@Module({
  imports: [DirectoryModule],
  providers: [
    SendLedgerRepository,
    SuppressionRepository,
    SendPacer,
    { provide: SmsCarrier, useClass: VonageSmsCarrier },
    OutboundSenderService,
    OutboundSenderConsumer,
    ConsentConsumer,
    UnconfirmedSendsSweeper,
  ],
  exports: [SendLedgerRepository],
})
export class SendingModule {}
