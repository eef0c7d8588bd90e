import { randomUUID } from 'node:crypto';
import { isoSeconds } from './messages.routes.ts';
import type { SimulatorContext } from './simulator.context.ts';
import type { InboundMessageRecord } from './simulator.state.ts';
import { analyzeSms } from './sms-encoding.calculator.ts';
import type { SigningMode } from './webhook-jwt.signer.ts';

export interface InboundSmsInput {
  /** The customer's number. */
  from: string;
  /** The business (Vonage) number. */
  to: string;
  text: string;
  signing?: SigningMode;
  /** Deliver the same webhook a second time once the first delivery is over. */
  duplicate?: boolean;
}

/** The Messages API v1 inbound SMS body (reference §4.1); Vonage has already reassembled the parts. */
export function inboundSmsPayload(messageUuid: string, input: Pick<InboundSmsInput, 'from' | 'to' | 'text'>): Record<string, unknown> {
  const analysis = analyzeSms(input.text);
  const keyword = input.text.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  return {
    channel: 'sms',
    message_uuid: messageUuid,
    to: input.to,
    from: input.from,
    timestamp: isoSeconds(),
    message_type: 'text',
    text: input.text,
    sms: { num_messages: String(analysis.segments), keyword },
    usage: { currency: 'EUR', price: '0.0057' },
    origin: { network_code: '23410' },
  };
}

/** A customer texts a business number: the signed inbound webhook is delivered with retries in the background. */
export function injectInboundSms(context: SimulatorContext, input: InboundSmsInput): InboundMessageRecord {
  const messageUuid = randomUUID();
  const payload = inboundSmsPayload(messageUuid, input);
  const analysis = analyzeSms(input.text);
  const record: InboundMessageRecord = {
    messageUuid,
    from: input.from,
    to: input.to,
    text: input.text,
    encoding: analysis.encoding,
    segments: analysis.segments,
    signing: input.signing ?? 'valid',
    duplicate: input.duplicate ?? false,
    payload,
    receivedAt: new Date().toISOString(),
    delivery: 'sending',
  };
  context.state.inbound.push(record);
  context.state.addConversationEntry({
    direction: 'inbound',
    messageUuid,
    customer: input.from,
    business: input.to,
    text: input.text,
    at: record.receivedAt,
    status: 'sending',
    encoding: analysis.encoding,
    segments: analysis.segments,
  });
  context.logger.info('inbound sms injected', { messageUuid, from: input.from, to: input.to, signing: record.signing, segments: analysis.segments });
  const request = {
    kind: 'inbound',
    method: 'POST',
    url: context.settings.webhooks.inboundUrl,
    body: JSON.stringify(payload),
    signing: record.signing,
    timeoutMs: 15_000,
    messageUuid,
  } as const;
  const onProgress = (progress: 'retrying' | 'acknowledged' | 'refused' | 'failed'): void => {
    record.delivery = progress;
    context.state.updateConversationEntry(messageUuid, { status: progress });
  };
  context.background(`inbound ${messageUuid}`, async () => {
    await context.dispatcher.deliverWithBackoff(request, context.settings.retry, onProgress);
    if (record.duplicate && !context.dispatcher.stopped) {
      await context.dispatcher.deliverWithBackoff(request, context.settings.retry, onProgress);
    }
  });
  return record;
}
