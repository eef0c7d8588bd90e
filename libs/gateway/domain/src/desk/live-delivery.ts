import type { UserRole } from '../identity/roles.ts';

/** Events about a conversation's place in routing: supervisors see them for the whole tenant. */
export const LIFECYCLE_EVENT_TYPES = [
  'conversation.queued',
  'conversation.offered',
  'conversation.offer.lapsed',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.requeued',
  'conversation.overflowed',
  'conversation.closed',
  'conversation.ended',
] as const;

/** Events about a conversation's messages: only its agent, and whoever subscribed to it, see them. */
export const MESSAGE_EVENT_TYPES = [
  'conversation.message.received',
  'conversation.message.redacted',
  'conversation.outbound.approved',
  'conversation.outbound.blocked',
  'conversation.message.sent',
  'conversation.message.delivery-reported',
  'conversation.message.failed',
  'conversation.opt-out.requested',
] as const;

/** Events about an agent: the agent and the tenant's supervisors see state changes; refusals go to the agent only. */
export const AGENT_EVENT_TYPES = ['agent.state.changed', 'agent.command.rejected'] as const;

export const LIVE_EVENT_TYPES: readonly string[] = [...LIFECYCLE_EVENT_TYPES, ...MESSAGE_EVENT_TYPES, ...AGENT_EVENT_TYPES];

const LIFECYCLE = new Set<string>(LIFECYCLE_EVENT_TYPES);
const MESSAGE = new Set<string>(MESSAGE_EVENT_TYPES);

/** An event as delivery needs it: its type and payload (of the same tenant as the viewer, checked before). */
export interface LiveEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** Who is looking: their role, their agent id (agents), and whether they subscribed to the event's conversation. */
export interface LiveViewer {
  role: UserRole;
  agentId: string | null;
  subscribedToConversation: boolean;
}

function named(payload: Record<string, unknown>, field: string, agentId: string): boolean {
  return payload[field] === agentId;
}

/** The agents an event about a conversation names in its payload. */
function namedAgents(event: LiveEvent): string[] {
  const { payload } = event;
  const target = payload['target'];
  const targetAgent = typeof target === 'object' && target !== null && 'agentId' in target ? target.agentId : undefined;
  return [payload['agentId'], payload['fromAgentId'], targetAgent].filter((value): value is string => typeof value === 'string');
}

/**
 * Whether a viewer of the event's tenant receives it on their desk. `holderAgentId` is the agent the conversation was
 * offered to or held by before this event (null: nobody; undefined: not known). Agents get what concerns them;
 * supervisors and admins the tenant's routing picture; message texts only reach the conversation's agent and
 * viewers who subscribed to it.
 */
export function shouldDeliver(event: LiveEvent, viewer: LiveViewer, holderAgentId: string | null | undefined): boolean {
  const isAgentEvent = event.type === 'agent.state.changed' || event.type === 'agent.command.rejected';
  if (isAgentEvent) {
    if (viewer.agentId !== null && named(event.payload, 'agentId', viewer.agentId)) {
      return true;
    }
    return event.type === 'agent.state.changed' && (viewer.role === 'supervisor' || viewer.role === 'admin');
  }
  if (!LIFECYCLE.has(event.type) && !MESSAGE.has(event.type)) {
    return false;
  }
  if (viewer.subscribedToConversation) {
    return true;
  }
  if (viewer.role === 'agent' && viewer.agentId !== null) {
    return holderAgentId === viewer.agentId || (LIFECYCLE.has(event.type) && namedAgents(event).includes(viewer.agentId));
  }
  return LIFECYCLE.has(event.type) && (viewer.role === 'supervisor' || viewer.role === 'admin');
}

/** Who holds the conversation after the event: an agent, nobody (null), or unchanged (undefined). */
export function holderAfter(event: LiveEvent): string | null | undefined {
  switch (event.type) {
    case 'conversation.offered':
    case 'conversation.assigned':
      return typeof event.payload['agentId'] === 'string' ? event.payload['agentId'] : undefined;
    case 'conversation.offer.lapsed':
    case 'conversation.requeued':
    case 'conversation.queued':
    case 'conversation.overflowed':
      return null;
    default:
      return undefined;
  }
}
