import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '@parley/platform/http';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { InboundSmsService } from './inbound-sms.service.ts';
import { inboundSmsSchema, type InboundSms } from './vonage-payloads.ts';
import { VonageWebhookGuard } from './vonage-webhook.guard.ts';

/** Vonage's inbound SMS webhook (Messages API v1). */
@ApiTag('carrier webhooks')
@Controller('webhooks/vonage')
@UseGuards(VonageWebhookGuard)
export class InboundSmsController {
  constructor(private readonly inbound: InboundSmsService) {}

  @Post('inbound')
  @HttpCode(200)
  @ApiDoc({ summary: 'A customer\'s text (Messages API v1, signed); 200 only after Kafka acknowledged it', body: inboundSmsSchema })
  async receive(@Body(new ZodValidationPipe(inboundSmsSchema)) sms: InboundSms): Promise<{ status: string }> {
    return { status: await this.inbound.receive(sms) };
  }
}
