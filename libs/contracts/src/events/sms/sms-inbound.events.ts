import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { defineEvent } from '../event-definition.ts';

/** The longest inbound text Parley accepts: some 65 concatenated parts, far beyond what carriers deliver as one text. */
export const MAX_SMS_TEXT_LENGTH = 10_000;

/** The most parts one SMS can be concatenated from: the part count travels in a single byte. */
export const MAX_SMS_PARTS = 255;

/** Who texted which number, as the gateway identified it; the raw and the screened text carry the same. */
export const inboundSmsFields = {
  messageId: opaqueIdSchema,
  threadId: opaqueIdSchema,
  carrierMessageId: z.string().min(1).max(100),
  businessNumberId: opaqueIdSchema,
  businessNumber: e164Schema,
  customerNumber: e164Schema,
};

export const smsInboundReceived = defineEvent({
  type: 'sms.inbound.received',
  version: 1,
  topic: 'sms.inbound.raw',
  producers: ['gateway'],
  requiresConversation: false,
  description:
    'A customer texted a business number. The text is exactly as the carrier delivered it and may hold card numbers: only the compliance filter reads it.',
  payload: z.object({
    ...inboundSmsFields,
    text: z.string().max(MAX_SMS_TEXT_LENGTH),
    parts: z.number().int().min(1).max(MAX_SMS_PARTS),
    receivedAt: z.iso.datetime({ offset: true }),
  }),
});
