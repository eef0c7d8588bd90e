import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { defineEvent } from '../event-definition.ts';

export const carrierTrafficUnrouted = defineEvent({
  type: 'carrier.traffic.unrouted',
  version: 1,
  topic: 'carrier.events',
  producers: ['gateway'],
  requiresConversation: false,
  description:
    'The carrier delivered a text or call for a number no tenant has configured; it was acknowledged so the carrier stops retrying, and dropped.',
  payload: z.object({
    numberId: opaqueIdSchema,
    number: e164Schema,
    channel: z.enum(['sms', 'voice']),
    carrierId: z.string().min(1).max(100),
    receivedAt: z.iso.datetime({ offset: true }),
  }),
});
