import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { e164Schema } from '../../phone/e164.ts';
import { MAX_SCREENED_TEXT_LENGTH, screenedFindingSchema } from '../compliance/screening.events.ts';
import { defineEvent } from '../event-definition.ts';
import { MAX_SMS_PARTS } from '../sms/sms-inbound.events.ts';

const at = z.iso.datetime({ offset: true });
/** A queue's key within its tenant, such as `sales` or `billing-es`. */
export const queueKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a lower-case queue key');
/** A menu's id within its tenant, such as `main`. */
export const menuIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a menu id of letters, digits, "-" or "_"');
const menuFields = { menuId: menuIdSchema, menuVersion: z.number().int().min(1), nodeId: z.string().min(1).max(40) };

export const CONVERSATION_CHANNELS = ['sms', 'voice'] as const;

export const conversationStarted = defineEvent({
  type: 'conversation.started',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    'A customer with no open conversation on a business number texted it, or a caller left a voice queue for text: one conversation per customer and number is open at a time.',
  payload: z.object({
    threadId: opaqueIdSchema,
    businessNumberId: opaqueIdSchema,
    businessNumber: e164Schema,
    customerNumber: e164Schema,
    /** `voice` when the conversation began as a call deflected to text. */
    channel: z.enum(CONVERSATION_CHANNELS),
    callId: opaqueIdSchema.optional(),
    startedAt: at,
  }),
});

export const conversationMessageReceived = defineEvent({
  type: 'conversation.message.received',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description: "A customer's text, screened, as part of their conversation.",
  payload: z.object({
    messageId: opaqueIdSchema,
    text: z.string().max(MAX_SCREENED_TEXT_LENGTH),
    findings: z.array(screenedFindingSchema),
    parts: z.number().int().min(1).max(MAX_SMS_PARTS),
    receivedAt: at,
  }),
});

export const conversationMessageRedacted = defineEvent({
  type: 'conversation.message.redacted',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    "An earlier customer text of the conversation must be shown redacted after all (its end began a card number the next text completed); the archive and the desk replace the text they hold.",
  payload: z.object({
    messageId: opaqueIdSchema,
    text: z.string().max(MAX_SCREENED_TEXT_LENGTH),
    findings: z.array(screenedFindingSchema),
    causedBy: opaqueIdSchema,
    redactedAt: at,
  }),
});

export const conversationMenuPrompted = defineEvent({
  type: 'conversation.menu.prompted',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description: 'The text menu asked the customer to choose; `attempt` is 0 for the first prompt of a step and counts re-prompts after invalid replies.',
  payload: z.object({ ...menuFields, attempt: z.number().int().min(0), messageId: opaqueIdSchema, promptedAt: at }),
});

export const MENU_MATCHES = ['digit', 'number-word', 'keyword', 'spelling'] as const;

export const conversationMenuSelected = defineEvent({
  type: 'conversation.menu.selected',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description: 'The customer chose a menu option, and how their reply matched it.',
  payload: z.object({
    ...menuFields,
    optionKey: z.string().min(1).max(2),
    optionLabel: z.string().min(1).max(40),
    matchedBy: z.enum(MENU_MATCHES),
    action: z.enum(['queue', 'menu', 'reply']),
    selectedAt: at,
  }),
});

export const conversationMenuInvalidInput = defineEvent({
  type: 'conversation.menu.invalid-input',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description: "The customer's reply matched no option of the menu step; `attempt` counts the invalid replies at this step.",
  payload: z.object({ ...menuFields, attempt: z.number().int().min(1), at }),
});

export const MENU_EXITS = ['timeout', 'opted-out', 'invalid-input'] as const;

export const conversationMenuAbandoned = defineEvent({
  type: 'conversation.menu.abandoned',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    'The customer left the menu without choosing, and at which step: silent past the timeout, opted out, or sent to the fallback queue after too many invalid replies.',
  payload: z.object({ ...menuFields, reason: z.enum(MENU_EXITS), invalidAttempts: z.number().int().min(0), abandonedAt: at }),
});

export const QUEUE_REASONS = ['menu', 'single-queue', 'fallback', 'voice-deflection', 'opening'] as const;

export const conversationQueued = defineEvent({
  type: 'conversation.queued',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    'The conversation waits in a queue for an agent. `queuedSince` is its place in line: earlier than now when a caller kept the place they had in a voice queue.',
  payload: z.object({
    queue: queueKeySchema,
    /** Higher is served first; conversations of equal priority are served oldest `queuedSince` first. */
    priority: z.number().int().min(0).max(100),
    queuedSince: at,
    reason: z.enum(QUEUE_REASONS),
    callId: opaqueIdSchema.optional(),
    queuedAt: at,
  }),
});

export const conversationAfterHours = defineEvent({
  type: 'conversation.after-hours',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    "The chosen queue is closed: the customer got the closed reply. With `waitsForOpening` the conversation is queued when the queue next opens; without it the conversation ends.",
  payload: z.object({ queue: queueKeySchema, nextOpeningAt: at.optional(), waitsForOpening: z.boolean(), at }),
});

export const CONVERSATION_END_REASONS = ['opted-out', 'menu-timeout', 'auto-reply', 'keyword-reply', 'after-hours'] as const;

export const conversationEnded = defineEvent({
  type: 'conversation.ended',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    'The front door closed the conversation before any agent: the customer opted out, went silent in the menu, got an automatic answer, sent only a keyword, or reached a closed queue that takes no messages.',
  payload: z.object({ reason: z.enum(CONVERSATION_END_REASONS), endedAt: at }),
});

export const conversationOptOutRequested = defineEvent({
  type: 'conversation.opt-out.requested',
  version: 1,
  topic: 'conversation.events',
  producers: ['ivr-menu'],
  requiresConversation: true,
  description:
    'The customer asked in their own words to stop receiving texts ("please stop texting me"); the agent should confirm and record the opt-out.',
  payload: z.object({ messageId: opaqueIdSchema, at }),
});
