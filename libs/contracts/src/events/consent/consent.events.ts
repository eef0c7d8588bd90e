import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { defineEvent } from '../event-definition.ts';

/** `voice`: a caller pressed 1 in a voice queue to continue by text, an explicit request for texts. */
export const CONSENT_SOURCES = ['keyword', 'agent', 'admin', 'voice'] as const;

export type ConsentSource = (typeof CONSENT_SOURCES)[number];

const consentFields = {
  customerNumber: e164Schema,
  /** The number the customer wrote to; the change applies to all of the tenant's numbers. */
  businessNumberId: opaqueIdSchema,
  source: z.enum(CONSENT_SOURCES),
  /** The keyword as the customer sent it, canonicalised (`STOP`, `OPT OUT`, `ALTO`), for keyword changes. */
  keyword: z.string().min(1).max(20).optional(),
  /** Who recorded it, for changes made by a person. */
  recordedBy: z.string().min(1).max(128).optional(),
  conversationId: opaqueIdSchema.optional(),
  at: z.iso.datetime({ offset: true }),
};

export const consentOptedOut = defineEvent({
  type: 'consent.opted-out',
  version: 1,
  topic: 'consent.events',
  producers: ['ivr-menu'],
  requiresConversation: false,
  description: "A customer withdrew consent to receive texts from the tenant: from now on the gateway's sender refuses every message to them.",
  payload: z.object(consentFields),
});

export const consentOptedIn = defineEvent({
  type: 'consent.opted-in',
  version: 1,
  topic: 'consent.events',
  producers: ['ivr-menu'],
  requiresConversation: false,
  description: 'A customer who had opted out opted back in (START, UNSTOP, YES or a recorded request).',
  payload: z.object(consentFields),
});
