import { z } from 'zod';
import { eventTypeSchema, opaqueIdSchema } from '../../envelope/envelope.ts';
import { defineEvent } from '../event-definition.ts';
import { presenceReasonSchema, presenceSchema } from './agent.commands.ts';

const at = z.iso.datetime({ offset: true });

export const AGENT_STATE_CAUSES = ['profile', 'presence', 'connection', 'call', 'deactivated', 'grace-expired'] as const;

export type AgentStateCause = (typeof AGENT_STATE_CAUSES)[number];

export const agentStateChanged = defineEvent({
  type: 'agent.state.changed',
  version: 1,
  topic: 'agent.events',
  producers: ['routing'],
  requiresConversation: false,
  description:
    "An agent's routing state after a change to the agent (profile, presence, desk connection, a call, deactivation, the grace period running out): presence, capacity and weighted load with pending offers. Offers, assignments and closes are on the conversation log.",
  payload: z.object({
    agentId: opaqueIdSchema,
    presence: presenceSchema,
    presenceReason: presenceReasonSchema.optional(),
    connected: z.boolean(),
    active: z.boolean(),
    onCall: z.boolean(),
    capacity: z.number().positive(),
    load: z.number().min(0),
    conversations: z.number().int().min(0),
    offers: z.number().int().min(0),
    cause: z.enum(AGENT_STATE_CAUSES),
    at,
  }),
});

export const AGENT_COMMAND_REFUSALS = [
  'unknown-agent',
  'agent-inactive',
  'unknown-conversation',
  'conversation-closed',
  'not-offered-to-agent',
  'offer-superseded',
  'already-accepted',
  'not-held-by-agent',
  'unknown-queue',
  'unknown-target-agent',
  'target-agent-unavailable',
  'transfer-to-self',
  'invalid-disposition',
] as const;

export const agentCommandRejected = defineEvent({
  type: 'agent.command.rejected',
  version: 1,
  topic: 'agent.events',
  producers: ['routing'],
  requiresConversation: false,
  description: "Routing refused an agent's command and changed nothing; `commandId` is the command's event id, `code` a stable reason for the desk.",
  payload: z.object({
    commandId: z.uuid(),
    command: eventTypeSchema,
    agentId: opaqueIdSchema,
    code: z.enum(AGENT_COMMAND_REFUSALS),
    reason: z.string().min(1).max(300),
    at,
  }),
});

export type AgentCommandRefusal = (typeof AGENT_COMMAND_REFUSALS)[number];
