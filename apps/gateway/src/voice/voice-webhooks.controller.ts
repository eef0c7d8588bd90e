import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import type { Ncco } from '@parley/gateway-domain';
import { ZodValidationPipe } from '@parley/platform/http';
import type { z } from 'zod';
import {
  voiceAnswerSchema,
  voiceEventSchema,
  voiceInputQuerySchema,
  voiceInputSchema,
  type VoiceAnswer,
  type VoiceEvent,
  type VoiceInput,
} from '../webhooks/vonage-payloads.ts';
import { VonageWebhookGuard } from '../webhooks/vonage-webhook.guard.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { VoiceCallsService } from './voice-calls.service.ts';

/** Vonage's voice webhooks: the answer URL (GET, returns an NCCO), call events, and key-press results. */
@ApiTag('carrier webhooks')
@Controller('webhooks/vonage/voice')
@UseGuards(VonageWebhookGuard)
export class VoiceWebhooksController {
  constructor(private readonly calls: VoiceCallsService) {}

  @Get('answer')
  @ApiDoc({ summary: 'Vonage\'s answer URL: the number\'s voice flow as an NCCO', query: voiceAnswerSchema })
  async answer(@Query(new ZodValidationPipe(voiceAnswerSchema)) query: VoiceAnswer): Promise<Ncco> {
    return this.calls.answer(query);
  }

  @Post('event')
  @HttpCode(200)
  @ApiDoc({ summary: 'Vonage\'s call events', body: voiceEventSchema })
  async event(@Body(new ZodValidationPipe(voiceEventSchema)) event: VoiceEvent): Promise<{ status: 'ok' }> {
    await this.calls.event(event);
    return { status: 'ok' };
  }

  @Post('input')
  @HttpCode(200)
  @ApiDoc({ summary: 'What the caller pressed: the next NCCO', query: voiceInputQuerySchema, body: voiceInputSchema })
  async input(
    @Query(new ZodValidationPipe(voiceInputQuerySchema)) query: z.output<typeof voiceInputQuerySchema>,
    @Body(new ZodValidationPipe(voiceInputSchema)) input: VoiceInput,
  ): Promise<Ncco> {
    return this.calls.input(query.callId, query.step, query.attempt, input.dtmf?.digits);
  }
}
