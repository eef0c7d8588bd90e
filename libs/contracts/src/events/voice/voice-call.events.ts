import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { defineEvent } from '../event-definition.ts';

const callFields = {
  callId: opaqueIdSchema,
  businessNumberId: opaqueIdSchema,
};

export const voiceCallStarted = defineEvent({
  type: 'voice.call.started',
  version: 1,
  topic: 'voice.events',
  producers: ['gateway'],
  requiresConversation: false,
  description: 'A call to a business number reached Parley and its voice flow began.',
  payload: z.object({
    ...callFields,
    businessNumber: e164Schema,
    /** Absent when the caller withheld their number or it is not a phone number. */
    callerNumber: e164Schema.optional(),
    startedAt: z.iso.datetime({ offset: true }),
  }),
});

export const voiceCallAnswered = defineEvent({
  type: 'voice.call.answered',
  version: 1,
  topic: 'voice.events',
  producers: ['gateway'],
  requiresConversation: false,
  description: 'The carrier connected the call to Parley\'s voice flow.',
  payload: z.object({
    ...callFields,
    answeredAt: z.iso.datetime({ offset: true }),
  }),
});

export const voiceCallMenuSelected = defineEvent({
  type: 'voice.call.menu-selected',
  version: 1,
  topic: 'voice.events',
  producers: ['gateway'],
  requiresConversation: false,
  description: "The caller chose an option of the number's voice menu.",
  payload: z.object({
    ...callFields,
    digit: z.string().regex(/^[0-9*#]$/),
    queue: z.string().min(1).max(64),
    selectedAt: z.iso.datetime({ offset: true }),
  }),
});

export const voiceCallDeflected = defineEvent({
  type: 'voice.call.deflected',
  version: 1,
  topic: 'voice.events',
  producers: ['gateway'],
  requiresConversation: false,
  description: 'A caller waiting in a voice queue chose to continue by text message; the conversation keeps its priority.',
  payload: z.object({
    ...callFields,
    businessNumber: e164Schema,
    callerNumber: e164Schema,
    /** The caller's text thread with the business number, the same id their texts carry. */
    threadId: opaqueIdSchema,
    queue: z.string().min(1).max(64).optional(),
    /** The priority the caller had in the voice queue, which their text conversation keeps. */
    priority: z.number().int().min(0).max(100).optional(),
    waitedSeconds: z.number().min(0),
    deflectedAt: z.iso.datetime({ offset: true }),
  }),
});

export const CALL_OUTCOMES = ['completed', 'deflected', 'abandoned', 'failed'] as const;

export const voiceCallCompleted = defineEvent({
  type: 'voice.call.completed',
  version: 1,
  topic: 'voice.events',
  producers: ['gateway'],
  requiresConversation: false,
  description:
    'A call ended: deflected to SMS, abandoned by a caller who hung up while waiting, failed before it was answered, or completed otherwise.',
  payload: z.object({
    ...callFields,
    outcome: z.enum(CALL_OUTCOMES),
    answeredAt: z.iso.datetime({ offset: true }).optional(),
    endedAt: z.iso.datetime({ offset: true }),
    durationSeconds: z.number().min(0),
    waitedSeconds: z.number().min(0),
    carrierStatus: z.string().max(40),
  }),
});
