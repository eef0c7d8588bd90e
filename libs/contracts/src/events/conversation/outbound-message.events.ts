import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { defineEvent } from '../event-definition.ts';

/** The longest reply Parley sends: six parts, the most carriers reliably reassemble. */
export const MAX_OUTBOUND_TEXT_LENGTH = 918;

/**
 * Why a text is sent: `conversation` for agents' replies and menu prompts; `consent` for the one confirmation of an
 * opt-out, opt-in or HELP answer, which carriers' rules allow even to a customer who opted out.
 */
export const outboundPurposeSchema = z.enum(['conversation', 'consent']);

/** Who asked for a text: an agent (named) or an automation such as the menu. */
export const outboundRequesterSchema = z.object({ kind: z.enum(['agent', 'automation']), agentId: opaqueIdSchema.optional() });

export const outboundMessageApproved = defineEvent({
  type: 'conversation.outbound.approved',
  version: 1,
  topic: 'conversation.events',
  producers: ['compliance-filter'],
  requiresConversation: true,
  description: 'A reply passed screening and may be sent to the customer, with any redactions already applied.',
  payload: z.object({
    messageId: opaqueIdSchema,
    businessNumber: e164Schema,
    customerNumber: e164Schema,
    text: z.string().min(1).max(MAX_OUTBOUND_TEXT_LENGTH),
    purpose: outboundPurposeSchema.optional(),
    /** Copied from the request, so routing knows an agent answered and the customer's turn began. */
    requestedBy: outboundRequesterSchema.optional(),
    approvedAt: z.iso.datetime({ offset: true }),
  }),
});

export const smsEncodingSchema = z.enum(['gsm-7', 'ucs-2']);

export const outboundMessageSent = defineEvent({
  type: 'conversation.message.sent',
  version: 1,
  topic: 'conversation.events',
  producers: ['gateway'],
  requiresConversation: true,
  description: 'The carrier accepted a reply for delivery.',
  payload: z.object({
    messageId: opaqueIdSchema,
    carrierMessageId: z.string().min(1).max(100),
    encoding: smsEncodingSchema,
    segments: z.number().int().min(1),
    sentAt: z.iso.datetime({ offset: true }),
  }),
});

export const DELIVERY_STATUSES = ['submitted', 'delivered', 'rejected', 'undeliverable'] as const;

export const carrierErrorSchema = z.object({
  code: z.string().max(20),
  title: z.string().max(200),
  detail: z.string().max(500).optional(),
});

export const outboundMessageDeliveryReported = defineEvent({
  type: 'conversation.message.delivery-reported',
  version: 1,
  topic: 'conversation.events',
  producers: ['gateway'],
  requiresConversation: true,
  description: "The carrier reported a reply's delivery status; receipts can arrive late, twice or out of order.",
  payload: z.object({
    messageId: opaqueIdSchema,
    carrierMessageId: z.string().min(1).max(100),
    status: z.enum(DELIVERY_STATUSES),
    error: carrierErrorSchema.optional(),
    segments: z.number().int().min(1).optional(),
    price: z.object({ amount: z.string().max(20), currency: z.string().length(3) }).optional(),
    reportedAt: z.iso.datetime({ offset: true }),
  }),
});

export const SEND_FAILURE_REASONS = [
  'recipient-opted-out',
  'number-not-configured',
  'carrier-rejected',
  'carrier-unavailable',
  'send-unconfirmed',
] as const;

export const outboundMessageFailed = defineEvent({
  type: 'conversation.message.failed',
  version: 1,
  topic: 'conversation.events',
  producers: ['gateway'],
  requiresConversation: true,
  description: 'A reply will not be sent; the reason is shown to the agent.',
  payload: z.object({
    messageId: opaqueIdSchema,
    reason: z.enum(SEND_FAILURE_REASONS),
    detail: z.string().max(500),
    carrierError: carrierErrorSchema.optional(),
    failedAt: z.iso.datetime({ offset: true }),
  }),
});
