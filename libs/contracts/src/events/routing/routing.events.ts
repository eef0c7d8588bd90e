import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { agentNoteSchema, dispositionCodeSchema, supervisorActorSchema, transferTargetSchema } from '../agent/agent.commands.ts';
import { defineEvent } from '../event-definition.ts';
import { queueKeySchema } from '../front-door/front-door.events.ts';

const at = z.iso.datetime({ offset: true });

export const OFFER_REASONS = ['longest-idle', 'preferred-agent', 'transfer'] as const;

export const conversationOffered = defineEvent({
  type: 'conversation.offered',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description:
    'Routing offered the conversation to an agent, who must accept before `expiresAt`; the offer counts against their capacity meanwhile. `attempt` counts offers of this conversation.',
  payload: z.object({
    offerId: opaqueIdSchema,
    agentId: opaqueIdSchema,
    queue: queueKeySchema,
    reason: z.enum(OFFER_REASONS),
    attempt: z.number().int().min(1),
    expiresAt: at,
    offeredAt: at,
  }),
});

export const OFFER_LAPSES = ['declined', 'timed-out', 'withdrawn'] as const;

export const conversationOfferLapsed = defineEvent({
  type: 'conversation.offer.lapsed',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description:
    'An offer ended without an accept: the agent declined it, let it time out (neither is offered the conversation again), or it was withdrawn because the agent became unavailable.',
  payload: z.object({ offerId: opaqueIdSchema, agentId: opaqueIdSchema, outcome: z.enum(OFFER_LAPSES), at }),
});

export const conversationAssigned = defineEvent({
  type: 'conversation.assigned',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description:
    'An agent now holds the conversation: they accepted the offer, or their profile accepts automatically. `waitedSeconds` runs from the place in line the conversation was given.',
  payload: z.object({
    offerId: opaqueIdSchema,
    agentId: opaqueIdSchema,
    queue: queueKeySchema,
    autoAccepted: z.boolean(),
    waitedSeconds: z.number().min(0),
    assignedAt: at,
  }),
});

export const conversationTransferred = defineEvent({
  type: 'conversation.transferred',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description:
    'The agent holding the conversation handed it to a queue or to another agent, with a note for whoever takes it next; `requestedBy` names the supervisor who reassigned it.',
  payload: z.object({
    fromAgentId: opaqueIdSchema,
    target: transferTargetSchema,
    note: agentNoteSchema.optional(),
    requestedBy: supervisorActorSchema.optional(),
    transferredAt: at,
  }),
});

export const REQUEUE_REASONS = ['agent-offline', 'agent-disconnected', 'agent-deactivated', 'transfer', 'transfer-lapsed'] as const;

export const conversationRequeued = defineEvent({
  type: 'conversation.requeued',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description:
    'The conversation waits again, at the front of its queue: its agent went offline or lost their desk past the grace period, was deactivated, or transferred it.',
  payload: z.object({ queue: queueKeySchema, fromAgentId: opaqueIdSchema.optional(), reason: z.enum(REQUEUE_REASONS), at }),
});

export const conversationOverflowed = defineEvent({
  type: 'conversation.overflowed',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description: "The conversation waited past its queue's overflow time and now waits in the overflow queue, keeping its place in line.",
  payload: z.object({ fromQueue: queueKeySchema, toQueue: queueKeySchema, waitedSeconds: z.number().min(0), at }),
});

export const conversationClosed = defineEvent({
  type: 'conversation.closed',
  version: 1,
  topic: 'conversation.events',
  producers: ['routing'],
  requiresConversation: true,
  description:
    "The agent closed the conversation with a disposition; the customer's next text starts a new conversation, offered first to this agent within the tenant's sticky window.",
  payload: z.object({
    agentId: opaqueIdSchema,
    queue: queueKeySchema,
    disposition: dispositionCodeSchema,
    note: agentNoteSchema.optional(),
    closedAt: at,
  }),
});
