import { MAX_SMS_TEXT_LENGTH } from '@parley/contracts';
import { z } from 'zod';

/** Carrier numbers: E.164 digits without '+', as Vonage sends them. */
const carrierNumber = z.string().regex(/^\+?[1-9]\d{6,14}$/, 'must be an E.164 number');
const carrierId = z.string().min(1).max(100);
const numericString = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

/** Messages API v1 inbound SMS. Concatenated parts arrive reassembled, with their count. */
export const inboundSmsSchema = z.object({
  channel: z.literal('sms'),
  message_uuid: carrierId,
  to: carrierNumber,
  from: carrierNumber,
  timestamp: z.string().min(1).max(40),
  text: z.string().max(MAX_SMS_TEXT_LENGTH, `must be at most ${MAX_SMS_TEXT_LENGTH} characters`),
  message_type: z.literal('text').optional(),
  sms: z.object({ num_messages: numericString.optional(), keyword: z.string().max(100).optional() }).optional(),
});

export type InboundSms = z.output<typeof inboundSmsSchema>;

const carrierError = z.object({
  type: z.string().max(300).optional(),
  title: z.union([z.string(), z.number()]).transform(String).optional(),
  detail: z.string().max(1_000).optional(),
});

/** Messages API v1 status webhook (delivery receipt). */
export const deliveryStatusSchema = z.object({
  message_uuid: carrierId,
  to: z.string().min(1).max(20),
  from: z.string().min(1).max(20),
  timestamp: z.string().min(1).max(40),
  status: z.enum(['submitted', 'delivered', 'rejected', 'undeliverable', 'read']),
  channel: z.literal('sms'),
  client_ref: z.string().max(100).optional(),
  error: carrierError.optional(),
  usage: z.object({ currency: z.string().length(3), price: z.union([z.string(), z.number()]).transform(String) }).optional(),
  sms: z.object({ count_total: numericString.optional() }).optional(),
});

export type DeliveryStatus = z.output<typeof deliveryStatusSchema>;

/** The answer webhook's query: which number was called, by whom, and the carrier's ids for the call. */
export const voiceAnswerSchema = z.object({
  to: z.string().min(1).max(40),
  from: z.string().max(40).default(''),
  uuid: carrierId,
  conversation_uuid: z.string().max(100).optional(),
});

export type VoiceAnswer = z.output<typeof voiceAnswerSchema>;

export const voiceEventSchema = z
  .object({
    uuid: carrierId.optional(),
    call_uuid: carrierId.optional(),
    conversation_uuid: z.string().max(100).optional(),
    status: z.string().max(40).optional(),
    timestamp: z.string().max(40).optional(),
    duration: numericString.optional(),
    reason: z.string().max(500).optional(),
  })
  .passthrough();

export type VoiceEvent = z.output<typeof voiceEventSchema>;

export const voiceInputSchema = z.object({
  uuid: carrierId,
  dtmf: z.object({ digits: z.string().max(20).nullable().optional(), timed_out: z.boolean().optional() }).optional(),
  timestamp: z.string().max(40).optional(),
});

export type VoiceInput = z.output<typeof voiceInputSchema>;

export const voiceInputQuerySchema = z.object({
  callId: z.string().regex(/^call_[A-Za-z0-9_-]{10,40}$/),
  step: z.enum(['menu', 'hold']),
  attempt: z.coerce.number().int().min(1).max(1_000).default(1),
});

/** The carrier's timestamp, or now when it is missing or unreadable. */
export function carrierTime(timestamp: string | undefined): Date {
  const parsed = timestamp ? Date.parse(timestamp) : Number.NaN;
  return Number.isFinite(parsed) ? new Date(parsed) : new Date();
}
