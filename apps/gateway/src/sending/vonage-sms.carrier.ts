import { Inject, Injectable } from '@nestjs/common';
import { toCarrierNumber } from '@parley/contracts';
import { APP_CONFIG } from '@parley/platform/config';
import { SMS } from '@vonage/messages';
import { Vonage } from '@vonage/server-sdk';
import { VetchError } from '@vonage/vetch';
import type { GatewayConfig } from '../config.ts';
import { SmsCarrier, type CarrierSendResult, type OutboundSms } from './sms-carrier.ts';

// Network failures that prove the request never reached the carrier, so it cannot have been accepted.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function retryAfterMs(header: string | null): number | undefined {
  if (!header) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') {
      return current.code;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** Sends SMS through Vonage's Messages API with the official SDK and an application JWT. */
@Injectable()
export class VonageSmsCarrier extends SmsCarrier {
  readonly #vonage: Vonage;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    super();
    // Only application credentials: a signature secret here would silently switch the SDK to Basic auth.
    this.#vonage = new Vonage(
      { applicationId: config.vonage.applicationId, privateKey: config.vonage.privateKey },
      { apiHost: config.vonage.apiHost, timeout: config.vonage.requestTimeoutMs },
    );
  }

  async send(message: OutboundSms): Promise<CarrierSendResult> {
    try {
      const { messageUUID } = await this.#vonage.messages.send(
        // The SDK's parameter type wants channel and messageType too, although the class sets both itself.
        new SMS({
          channel: 'sms',
          messageType: 'text',
          from: toCarrierNumber(message.from),
          to: toCarrierNumber(message.to),
          text: message.text,
          clientRef: message.clientRef,
        }),
      );
      return messageUUID
        ? { kind: 'accepted', carrierMessageId: messageUUID }
        : { kind: 'unknown', detail: 'the carrier answered without a message id' };
    } catch (error) {
      return this.#interpret(error);
    }
  }

  async #interpret(error: unknown): Promise<CarrierSendResult> {
    if (error instanceof VetchError && error.response) {
      const response = error.response;
      const status = response.status;
      if (status === 429 || status >= 500) {
        return { kind: 'retry-later', status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')), detail: `HTTP ${status}` };
      }
      const body = (await response.json().catch(() => ({}))) as { type?: unknown; title?: unknown; detail?: unknown };
      const type = typeof body.type === 'string' ? body.type : '';
      return {
        kind: 'rejected',
        status,
        code: type.split('#').at(-1) || String(status),
        title: typeof body.title === 'string' ? body.title : `HTTP ${status}`,
        detail: typeof body.detail === 'string' ? body.detail : 'The carrier refused the message.',
      };
    }
    const code = causeCode(error);
    if (code && NOT_SENT_CODES.has(code)) {
      return { kind: 'retry-later', status: undefined, retryAfterMs: undefined, detail: code };
    }
    return { kind: 'unknown', detail: error instanceof Error ? `${error.name}: ${error.message}` : 'no answer' };
  }
}
