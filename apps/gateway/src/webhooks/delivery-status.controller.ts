import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '@parley/platform/http';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { DeliveryStatusService } from './delivery-status.service.ts';
import { deliveryStatusSchema, type DeliveryStatus } from './vonage-payloads.ts';
import { VonageWebhookGuard } from './vonage-webhook.guard.ts';

/** Vonage's status webhook: delivery receipts for the replies Parley sent. */
@ApiTag('carrier webhooks')
@Controller('webhooks/vonage')
@UseGuards(VonageWebhookGuard)
export class DeliveryStatusController {
  constructor(private readonly statuses: DeliveryStatusService) {}

  @Post('status')
  @HttpCode(200)
  @ApiDoc({ summary: 'A delivery receipt for a reply (signed)', body: deliveryStatusSchema })
  async report(@Body(new ZodValidationPipe(deliveryStatusSchema)) receipt: DeliveryStatus): Promise<{ status: string }> {
    return { status: await this.statuses.report(receipt) };
  }
}
