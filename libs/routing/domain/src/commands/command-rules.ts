import type { AgentCommandRefusal, TransferTarget } from '@parley/contracts';

/** Where a conversation stands in routing: before a queue (still in the menu), waiting, offered, held by an agent, or closed. */
export type RoutedStage = 'front-door' | 'waiting' | 'offered' | 'assigned' | 'closed';

/** What the command rules need to know of a conversation. */
export interface RoutedConversation {
  stage: RoutedStage;
  /** The agent offered or holding it. */
  agentId: string | null;
  /** The current offer, kept after an accept so a repeated accept is recognised. */
  offerId: string | null;
}

export interface Refusal {
  code: AgentCommandRefusal;
  reason: string;
}

/** What a transfer's target resolved to in the tenant. */
export interface TransferTargetFacts {
  queueExists: boolean;
  /** The target agent, when the target is an agent of this tenant. */
  agent?: { active: boolean; available: boolean; hasRoom: boolean };
}

function refuse(code: AgentCommandRefusal, reason: string): Refusal {
  return { code, reason };
}

function refuseClosed(conversation: RoutedConversation): Refusal | undefined {
  return conversation.stage === 'closed' ? refuse('conversation-closed', 'the conversation is closed') : undefined;
}

/** An accept must answer the agent's current offer; a second accept of an offer already taken is refused, not applied twice. */
export function refuseAccept(conversation: RoutedConversation, agentId: string, offerId: string): Refusal | undefined {
  const closed = refuseClosed(conversation);
  if (closed) {
    return closed;
  }
  if (conversation.stage === 'assigned' && conversation.agentId === agentId && conversation.offerId === offerId) {
    return refuse('already-accepted', 'the agent already accepted this offer');
  }
  if (conversation.stage !== 'offered' || conversation.agentId !== agentId) {
    return refuse('not-offered-to-agent', 'the conversation is not offered to this agent');
  }
  if (conversation.offerId !== offerId) {
    return refuse('offer-superseded', 'the offer is no longer current; a newer offer replaced it');
  }
  return undefined;
}

export function refuseDecline(conversation: RoutedConversation, agentId: string, offerId: string): Refusal | undefined {
  const closed = refuseClosed(conversation);
  if (closed) {
    return closed;
  }
  if (conversation.stage !== 'offered' || conversation.agentId !== agentId) {
    return refuse('not-offered-to-agent', 'the conversation is not offered to this agent');
  }
  if (conversation.offerId !== offerId) {
    return refuse('offer-superseded', 'the offer is no longer current; a newer offer replaced it');
  }
  return undefined;
}

function refuseUnlessHeld(conversation: RoutedConversation, agentId: string): Refusal | undefined {
  const closed = refuseClosed(conversation);
  if (closed) {
    return closed;
  }
  if (conversation.stage !== 'assigned' || conversation.agentId !== agentId) {
    return refuse('not-held-by-agent', 'the agent does not hold this conversation');
  }
  return undefined;
}

/** A transfer needs the conversation held by the agent and a target that exists and can take it now. */
export function refuseTransfer(conversation: RoutedConversation, agentId: string, target: TransferTarget, facts: TransferTargetFacts): Refusal | undefined {
  const notHeld = refuseUnlessHeld(conversation, agentId);
  if (notHeld) {
    return notHeld;
  }
  if (target.kind === 'queue') {
    return facts.queueExists ? undefined : refuse('unknown-queue', `the tenant has no queue ${target.queue}`);
  }
  if (target.agentId === agentId) {
    return refuse('transfer-to-self', 'an agent cannot transfer a conversation to themselves');
  }
  if (!facts.agent) {
    return refuse('unknown-target-agent', 'the tenant has no such agent');
  }
  if (!facts.agent.active || !facts.agent.available || !facts.agent.hasRoom) {
    return refuse('target-agent-unavailable', 'the target agent is not available or has no free capacity');
  }
  return undefined;
}

/** A close needs the conversation held by the agent and, when the tenant lists disposition codes, one of them. */
export function refuseClose(conversation: RoutedConversation, agentId: string, disposition: string, dispositions: readonly string[]): Refusal | undefined {
  const notHeld = refuseUnlessHeld(conversation, agentId);
  if (notHeld) {
    return notHeld;
  }
  if (dispositions.length > 0 && !dispositions.includes(disposition)) {
    return refuse('invalid-disposition', `the tenant's disposition codes are ${dispositions.join(', ')}`);
  }
  return undefined;
}
