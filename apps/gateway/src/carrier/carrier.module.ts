import { Module } from '@nestjs/common';
import { VonageWebhookGuard } from '../webhooks/vonage-webhook.guard.ts';
import { UnroutedTrafficService } from './unrouted-traffic.service.ts';

/** What every carrier-facing feature shares: the webhook signature guard and the unrouted-traffic record. */
@Module({ providers: [UnroutedTrafficService, VonageWebhookGuard], exports: [UnroutedTrafficService, VonageWebhookGuard] })
export class CarrierModule {}
