import { Inject, Injectable } from '@nestjs/common';
import {
  toE164,
  voiceCallAnswered,
  voiceCallCompleted,
  voiceCallDeflected,
  voiceCallMenuSelected,
  voiceCallStarted,
} from '@parley/contracts';
import { DirectoryRepository, VoiceCallsRepository, type CallOutcome, type VoiceCallRecord } from '@parley/gateway-data-access';
import { answerNcco, decideOnInput, notInServiceNcco, threadIdFor, untextableNcco, type InputUrl, type Ncco, type VoiceFlow, type VoiceStep } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { UnroutedTrafficService } from '../carrier/unrouted-traffic.service.ts';
import type { GatewayConfig } from '../config.ts';
import { NumberDirectoryService } from '../directory/number-directory.service.ts';
import { carrierTime, type VoiceAnswer, type VoiceEvent } from '../webhooks/vonage-payloads.ts';

// Carrier statuses that end a call; anything else (ringing, started, ...) changes nothing here.
const FINAL_STATUSES = new Set(['completed', 'failed', 'rejected', 'busy', 'cancelled', 'timeout', 'unanswered']);

function seconds(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 100) / 10);
}

/**
 * Runs a business number's voice flow for the carrier: the answer NCCO, the caller's key presses (menu choice,
 * the switch to text), and the call's events, publishing each step once on voice.events.
 */
@Injectable()
export class VoiceCallsService {
  constructor(
    private readonly numbers: NumberDirectoryService,
    private readonly directory: DirectoryRepository,
    private readonly calls: VoiceCallsRepository,
    private readonly publisher: EventPublisher,
    private readonly unrouted: UnroutedTrafficService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  #inputUrl(callId: string): InputUrl {
    return (step, attempt) =>
      `${this.config.edge.publicUrl}/webhooks/vonage/voice/input?callId=${encodeURIComponent(callId)}&step=${step}&attempt=${attempt}`;
  }

  async answer(query: VoiceAnswer): Promise<Ncco> {
    const business = toE164(query.to);
    const number = business ? await this.numbers.resolve(business) : undefined;
    if (!business || !number || !number.voiceEnabled || !number.tenantActive) {
      if (business) {
        await this.unrouted.record('voice', business, query.uuid, new Date());
      }
      return notInServiceNcco();
    }
    const callerNumber = toE164(query.from) ?? null;
    const startedAt = new Date();
    const { call } = await this.calls.start({
      carrierCallId: query.uuid,
      tenantId: number.tenantId,
      businessNumberId: number.id,
      callerNumber,
      startedAt,
    });
    await this.publisher.publish(voiceCallStarted, {
      tenantId: call.tenantId,
      eventId: deriveEventId(query.uuid, voiceCallStarted.type),
      occurredAt: call.startedAt,
      payload: {
        callId: call.callId,
        businessNumberId: call.businessNumberId,
        businessNumber: business,
        ...(call.callerNumber ? { callerNumber: call.callerNumber } : {}),
        startedAt: call.startedAt.toISOString(),
      },
    });
    return answerNcco(number.voiceFlow, this.#inputUrl(call.callId));
  }

  async input(callId: string, step: VoiceStep, attempt: number, digits: string | null | undefined): Promise<Ncco> {
    const call = await this.calls.find(callId);
    const number = call ? await this.directory.findNumber(call.tenantId, call.businessNumberId) : undefined;
    if (!call || !number) {
      return notInServiceNcco();
    }
    const flow = number.voiceFlow;
    const decision = decideOnInput(flow, step, digits, attempt, this.#inputUrl(callId));
    switch (decision.kind) {
      case 'queued':
        if (decision.queue) {
          await this.calls.setQueue(callId, decision.queue);
          await this.publisher.publish(voiceCallMenuSelected, {
            tenantId: call.tenantId,
            eventId: deriveEventId(call.carrierCallId, `${voiceCallMenuSelected.type}:${attempt}`),
            payload: {
              callId,
              businessNumberId: call.businessNumberId,
              digit: decision.digit ?? '0',
              queue: decision.queue,
              selectedAt: new Date().toISOString(),
            },
          });
        }
        return decision.ncco;
      case 'deflect':
        if (!call.callerNumber) {
          return untextableNcco(flow, this.#inputUrl(callId), attempt);
        }
        await this.#deflect(call, number.e164, flow);
        return decision.ncco;
      case 'continue':
        return decision.ncco;
    }
  }

  async #deflect(call: VoiceCallRecord, businessNumber: string, flow: VoiceFlow): Promise<void> {
    const deflectedAt = new Date();
    await this.calls.markDeflected(call.callId, deflectedAt);
    const current = (await this.calls.find(call.callId)) ?? call;
    const callerNumber = call.callerNumber as `+${string}`;
    const priority = flow.menu?.options.find((option) => option.queue === current.queue)?.priority;
    await this.publisher.publish(voiceCallDeflected, {
      tenantId: call.tenantId,
      eventId: deriveEventId(call.carrierCallId, voiceCallDeflected.type),
      payload: {
        callId: call.callId,
        businessNumberId: call.businessNumberId,
        businessNumber: businessNumber,
        callerNumber,
        threadId: threadIdFor(this.config.edge.keySecret, call.tenantId, businessNumber, callerNumber),
        ...(current.queue ? { queue: current.queue } : {}),
        ...(priority === undefined ? {} : { priority }),
        waitedSeconds: seconds(current.answeredAt ?? current.startedAt, current.deflectedAt ?? deflectedAt),
        deflectedAt: (current.deflectedAt ?? deflectedAt).toISOString(),
      },
    });
  }

  async event(event: VoiceEvent): Promise<void> {
    const carrierCallId = event.uuid ?? event.call_uuid;
    const call = carrierCallId ? await this.calls.findByCarrierId(carrierCallId) : undefined;
    if (!call || !event.status) {
      return;
    }
    const at = carrierTime(event.timestamp);
    if (event.status === 'answered') {
      await this.calls.markAnswered(call.callId, at);
      await this.publisher.publish(voiceCallAnswered, {
        tenantId: call.tenantId,
        eventId: deriveEventId(call.carrierCallId, voiceCallAnswered.type),
        occurredAt: at,
        payload: { callId: call.callId, businessNumberId: call.businessNumberId, answeredAt: at.toISOString() },
      });
      return;
    }
    if (!FINAL_STATUSES.has(event.status)) {
      return;
    }
    const outcome: CallOutcome = call.deflectedAt
      ? 'deflected'
      : event.status !== 'completed' && !call.answeredAt
        ? 'failed'
        : 'abandoned';
    const completed = (await this.calls.complete(call.callId, outcome, at)) ?? (await this.calls.find(call.callId)) ?? call;
    const endedAt = completed.completedAt ?? at;
    await this.publisher.publish(voiceCallCompleted, {
      tenantId: call.tenantId,
      eventId: deriveEventId(call.carrierCallId, voiceCallCompleted.type),
      occurredAt: endedAt,
      payload: {
        callId: call.callId,
        businessNumberId: call.businessNumberId,
        outcome: completed.outcome ?? outcome,
        ...(completed.answeredAt ? { answeredAt: completed.answeredAt.toISOString() } : {}),
        endedAt: endedAt.toISOString(),
        durationSeconds: event.duration ?? seconds(completed.startedAt, endedAt),
        waitedSeconds: seconds(completed.answeredAt ?? completed.startedAt, completed.deflectedAt ?? endedAt),
        carrierStatus: event.status,
      },
    });
  }
}
