import { describe, expect, it } from 'vitest';
import { holderAfter, shouldDeliver, type LiveViewer } from './live-delivery.ts';

const ana: LiveViewer = { role: 'agent', agentId: 'agent_ana', subscribedToConversation: false };
const ben: LiveViewer = { role: 'agent', agentId: 'agent_ben', subscribedToConversation: false };
const supervisor: LiveViewer = { role: 'supervisor', agentId: null, subscribedToConversation: false };
const compliance: LiveViewer = { role: 'compliance', agentId: null, subscribedToConversation: false };

describe('shouldDeliver', () => {
  it('gives an offer to the agent it names and to supervisors, not to other agents', () => {
    const offered = { type: 'conversation.offered', payload: { agentId: 'agent_ana', offerId: 'off_1' } };
    expect(shouldDeliver(offered, ana, null)).toBe(true);
    expect(shouldDeliver(offered, ben, null)).toBe(false);
    expect(shouldDeliver(offered, supervisor, null)).toBe(true);
    expect(shouldDeliver(offered, compliance, null)).toBe(false);
  });

  it('gives a customer message to the holding agent only, and to whoever subscribed', () => {
    const message = { type: 'conversation.message.received', payload: { messageId: 'msg_1', text: 'hello' } };
    expect(shouldDeliver(message, ana, 'agent_ana')).toBe(true);
    expect(shouldDeliver(message, ben, 'agent_ana')).toBe(false);
    expect(shouldDeliver(message, supervisor, 'agent_ana')).toBe(false);
    expect(shouldDeliver(message, { ...supervisor, subscribedToConversation: true }, 'agent_ana')).toBe(true);
    expect(shouldDeliver(message, ana, undefined)).toBe(false);
  });

  it('tells both agents of a transfer between them', () => {
    const transferred = { type: 'conversation.transferred', payload: { fromAgentId: 'agent_ana', target: { kind: 'agent', agentId: 'agent_ben' } } };
    expect(shouldDeliver(transferred, ana, 'agent_ana')).toBe(true);
    expect(shouldDeliver(transferred, ben, 'agent_ana')).toBe(true);
  });

  it('keeps command refusals to the agent they answer, and shows state changes to supervisors', () => {
    const rejected = { type: 'agent.command.rejected', payload: { agentId: 'agent_ana', code: 'already-accepted' } };
    expect(shouldDeliver(rejected, ana, undefined)).toBe(true);
    expect(shouldDeliver(rejected, ben, undefined)).toBe(false);
    expect(shouldDeliver(rejected, supervisor, undefined)).toBe(false);
    const state = { type: 'agent.state.changed', payload: { agentId: 'agent_ana', presence: 'away' } };
    expect(shouldDeliver(state, supervisor, undefined)).toBe(true);
    expect(shouldDeliver(state, ben, undefined)).toBe(false);
  });

  it('delivers nothing of a type the desk does not show', () => {
    expect(shouldDeliver({ type: 'conversation.menu.prompted', payload: {} }, { ...supervisor, subscribedToConversation: true }, null)).toBe(false);
  });
});

describe('holderAfter', () => {
  it('follows offers, assignments and hand-backs', () => {
    expect(holderAfter({ type: 'conversation.offered', payload: { agentId: 'agent_ana' } })).toBe('agent_ana');
    expect(holderAfter({ type: 'conversation.offer.lapsed', payload: { agentId: 'agent_ana' } })).toBeNull();
    expect(holderAfter({ type: 'conversation.message.received', payload: {} })).toBeUndefined();
  });
});
