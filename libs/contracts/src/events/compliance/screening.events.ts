import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { MAX_OUTBOUND_TEXT_LENGTH, outboundPurposeSchema, outboundRequesterSchema } from '../conversation/outbound-message.events.ts';
import { defineEvent } from '../event-definition.ts';
import { inboundSmsFields, MAX_SMS_PARTS, MAX_SMS_TEXT_LENGTH } from '../sms/sms-inbound.events.ts';

/** Room for markers, which can be several times longer than the short values they replace (a CVV, a PIN). */
export const MAX_SCREENED_TEXT_LENGTH = MAX_SMS_TEXT_LENGTH * 10;

/** What the compliance filter looks for; a finding names its type and place, never its value. */
export const SENSITIVE_DATA_TYPES = [
  'CREDIT_CARD',
  'CVV',
  'CARD_EXPIRY',
  'US_SSN',
  'IBAN',
  'BANK_ACCOUNT',
  'ROUTING_NUMBER',
  'PASSWORD',
  'EMAIL',
  'PHONE',
] as const;

export type SensitiveDataType = (typeof SENSITIVE_DATA_TYPES)[number];

export const sensitiveDataTypeSchema = z.enum(SENSITIVE_DATA_TYPES);

/** Where screening changed the text: the span of the redaction marker in the screened text. */
export const screenedFindingSchema = z.object({
  type: sensitiveDataTypeSchema,
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

export type ScreenedFinding = z.infer<typeof screenedFindingSchema>;

export const smsOutboundRequested = defineEvent({
  type: 'sms.outbound.requested',
  version: 1,
  topic: 'sms.outbound.requested',
  producers: ['gateway', 'ivr-menu'],
  requiresConversation: true,
  description: 'An agent or an automation wants to text the customer; the text is not screened yet.',
  payload: z.object({
    messageId: opaqueIdSchema,
    businessNumber: e164Schema,
    customerNumber: e164Schema,
    text: z.string().min(1).max(MAX_OUTBOUND_TEXT_LENGTH),
    requestedBy: outboundRequesterSchema,
    purpose: outboundPurposeSchema.optional(),
    requestedAt: z.iso.datetime({ offset: true }),
  }),
});

export const smsInboundScreened = defineEvent({
  type: 'sms.inbound.screened',
  version: 1,
  topic: 'sms.inbound',
  producers: ['compliance-filter'],
  requiresConversation: false,
  description:
    "A customer's text after screening: sensitive data replaced by markers per the tenant's policy, with where each marker is.",
  payload: z.object({
    ...inboundSmsFields,
    text: z.string().max(MAX_SCREENED_TEXT_LENGTH),
    findings: z.array(screenedFindingSchema),
    parts: z.number().int().min(1).max(MAX_SMS_PARTS),
    /** A reply the tenant wants sent when card details were removed, for the conversation's owner to send. */
    autoReply: z.string().min(1).max(MAX_OUTBOUND_TEXT_LENGTH).optional(),
    receivedAt: z.iso.datetime({ offset: true }),
    screenedAt: z.iso.datetime({ offset: true }),
  }),
});

export const smsInboundRedacted = defineEvent({
  type: 'sms.inbound.redacted',
  version: 1,
  topic: 'sms.inbound',
  producers: ['compliance-filter'],
  requiresConversation: false,
  description:
    'An earlier screened text must be shown redacted after all: its end and the start of the next text from the same customer made up a card number.',
  payload: z.object({
    messageId: opaqueIdSchema,
    threadId: opaqueIdSchema,
    text: z.string().max(MAX_SCREENED_TEXT_LENGTH),
    findings: z.array(screenedFindingSchema),
    causedBy: opaqueIdSchema,
    redactedAt: z.iso.datetime({ offset: true }),
  }),
});

export const outboundMessageBlocked = defineEvent({
  type: 'conversation.outbound.blocked',
  version: 1,
  topic: 'conversation.events',
  producers: ['compliance-filter'],
  requiresConversation: true,
  description: "A reply was not sent because it broke the tenant's policy; the reasons are for the agent to read.",
  payload: z.object({
    messageId: opaqueIdSchema,
    reasons: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('sensitive-data'), type: sensitiveDataTypeSchema, count: z.number().int().min(1) }),
          z.object({ kind: z.literal('prohibited-term'), term: z.string().min(1).max(100) }),
        ]),
      )
      .min(1),
    explanation: z.string().min(1).max(500),
    blockedAt: z.iso.datetime({ offset: true }),
  }),
});
