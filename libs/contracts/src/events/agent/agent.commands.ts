import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { defineEvent } from '../event-definition.ts';
import { queueKeySchema } from '../front-door/front-door.events.ts';

const at = z.iso.datetime({ offset: true });

export const PRESENCES = ['available', 'away', 'offline'] as const;
export const presenceSchema = z.enum(PRESENCES);
export type Presence = z.infer<typeof presenceSchema>;

/** A short label an agent picks with a presence, such as `lunch` or `training`; shown to supervisors and reported. */
export const presenceReasonSchema = z.string().trim().min(1).max(40);

/** A tenant's code for how a conversation ended, such as `resolved` or `sale-made`. */
export const dispositionCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a lower-case disposition code');

/** A free-text note an agent leaves with a transfer or a close; screened text, never a card number by design of the desk. */
export const agentNoteSchema = z.string().max(500);

export const transferTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('queue'), queue: queueKeySchema }),
  z.strictObject({ kind: z.literal('agent'), agentId: opaqueIdSchema }),
]);
export type TransferTarget = z.infer<typeof transferTargetSchema>;

const commandFields = { agentId: opaqueIdSchema, requestedAt: at };

/** A supervisor acting on an agent's conversation (a reassignment), recorded with the command and what it caused. */
export const supervisorActorSchema = z.strictObject({ kind: z.literal('supervisor'), userId: opaqueIdSchema });

export const agentAcceptRequested = defineEvent({
  type: 'agent.accept.requested',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: true,
  description: 'An agent accepts the offer of a conversation; the envelope id is the command id routing answers a refusal with.',
  payload: z.object({ ...commandFields, offerId: opaqueIdSchema }),
});

export const agentDeclineRequested = defineEvent({
  type: 'agent.decline.requested',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: true,
  description: 'An agent declines an offer; the conversation goes to the next eligible agent and is not offered to them again.',
  payload: z.object({ ...commandFields, offerId: opaqueIdSchema }),
});

export const agentTransferRequested = defineEvent({
  type: 'agent.transfer.requested',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: true,
  description:
    'An agent hands a conversation they hold to a queue (it waits at the front) or to a named agent (offered to them), with a note; with `requestedBy` a supervisor reassigns it on behalf of the agent holding it (`agentId`).',
  payload: z.object({ ...commandFields, target: transferTargetSchema, note: agentNoteSchema.optional(), requestedBy: supervisorActorSchema.optional() }),
});

export const agentCloseRequested = defineEvent({
  type: 'agent.close.requested',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: true,
  description: 'An agent closes a conversation they hold with a disposition code; the next text from the customer starts a new conversation.',
  payload: z.object({ ...commandFields, disposition: dispositionCodeSchema, note: agentNoteSchema.optional() }),
});

export const agentPresenceRequested = defineEvent({
  type: 'agent.presence.requested',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: false,
  description: 'An agent sets their presence: available takes offers, away keeps their conversations but takes no new ones, offline hands them back after the grace period.',
  payload: z.object({ ...commandFields, presence: presenceSchema, reason: presenceReasonSchema.optional() }),
});

export const agentConnectionChanged = defineEvent({
  type: 'agent.connection.changed',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: false,
  description: "The agent's desk connected or lost its connection; a desk that stays away past the grace period has its conversations re-queued.",
  payload: z.object({ agentId: opaqueIdSchema, connected: z.boolean(), at }),
});

export const agentCallChanged = defineEvent({
  type: 'agent.call.changed',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: false,
  description: 'The agent started or finished a voice call: a call takes their whole capacity, so no text conversation is offered meanwhile.',
  payload: z.object({ agentId: opaqueIdSchema, callId: opaqueIdSchema, onCall: z.boolean(), at }),
});

export const agentDeactivated = defineEvent({
  type: 'agent.deactivated',
  version: 1,
  topic: 'agent.commands',
  producers: ['gateway'],
  requiresConversation: false,
  description: "An administrator deactivated the agent's account (an employee who left): their open conversations are re-queued at once and they get no more.",
  payload: z.object({ agentId: opaqueIdSchema, deactivatedBy: z.string().min(1).max(128).optional(), at }),
});
