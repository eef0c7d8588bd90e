import { describe, expect, it } from 'vitest';
import { refuseAccept, refuseClose, refuseDecline, refuseTransfer, type RoutedConversation } from './command-rules.ts';

const OFFERED: RoutedConversation = { stage: 'offered', agentId: 'agent_ana', offerId: 'offer_0001' };
const HELD: RoutedConversation = { stage: 'assigned', agentId: 'agent_ana', offerId: 'offer_0001' };
const CLOSED: RoutedConversation = { stage: 'closed', agentId: null, offerId: 'offer_0001' };
const WAITING: RoutedConversation = { stage: 'waiting', agentId: null, offerId: null };
const AVAILABLE = { active: true, available: true, hasRoom: true };

describe('refuseAccept', () => {
  it('lets the offered agent accept the current offer', () => {
    expect(refuseAccept(OFFERED, 'agent_ana', 'offer_0001')).toBeUndefined();
  });

  it('refuses a second accept of the same offer as already accepted', () => {
    expect(refuseAccept(HELD, 'agent_ana', 'offer_0001')?.code).toBe('already-accepted');
  });

  it('refuses another agent, a waiting conversation and an old offer', () => {
    expect(refuseAccept(OFFERED, 'agent_bob', 'offer_0001')?.code).toBe('not-offered-to-agent');
    expect(refuseAccept(WAITING, 'agent_ana', 'offer_0001')?.code).toBe('not-offered-to-agent');
    expect(refuseAccept(OFFERED, 'agent_ana', 'offer_0000')?.code).toBe('offer-superseded');
    expect(refuseAccept({ ...HELD, agentId: 'agent_bob' }, 'agent_ana', 'offer_0001')?.code).toBe('not-offered-to-agent');
  });

  it('refuses anything on a closed conversation', () => {
    expect(refuseAccept(CLOSED, 'agent_ana', 'offer_0001')?.code).toBe('conversation-closed');
  });
});

describe('refuseDecline', () => {
  it('lets the offered agent decline the current offer only', () => {
    expect(refuseDecline(OFFERED, 'agent_ana', 'offer_0001')).toBeUndefined();
    expect(refuseDecline(OFFERED, 'agent_ana', 'offer_0009')?.code).toBe('offer-superseded');
    expect(refuseDecline(HELD, 'agent_ana', 'offer_0001')?.code).toBe('not-offered-to-agent');
    expect(refuseDecline(CLOSED, 'agent_ana', 'offer_0001')?.code).toBe('conversation-closed');
  });
});

describe('refuseTransfer', () => {
  it('transfers a held conversation to an existing queue', () => {
    expect(refuseTransfer(HELD, 'agent_ana', { kind: 'queue', queue: 'support' }, { queueExists: true })).toBeUndefined();
  });

  it('refuses a missing queue with its name', () => {
    expect(refuseTransfer(HELD, 'agent_ana', { kind: 'queue', queue: 'nowhere' }, { queueExists: false })).toEqual({
      code: 'unknown-queue',
      reason: 'the tenant has no queue nowhere',
    });
  });

  it('transfers to an available agent with room, and refuses self, unknown and unavailable agents', () => {
    const toBob = { kind: 'agent', agentId: 'agent_bob' } as const;
    expect(refuseTransfer(HELD, 'agent_ana', toBob, { queueExists: false, agent: AVAILABLE })).toBeUndefined();
    expect(refuseTransfer(HELD, 'agent_ana', { kind: 'agent', agentId: 'agent_ana' }, { queueExists: false, agent: AVAILABLE })?.code).toBe('transfer-to-self');
    expect(refuseTransfer(HELD, 'agent_ana', toBob, { queueExists: false })?.code).toBe('unknown-target-agent');
    expect(refuseTransfer(HELD, 'agent_ana', toBob, { queueExists: false, agent: { ...AVAILABLE, hasRoom: false } })?.code).toBe('target-agent-unavailable');
    expect(refuseTransfer(HELD, 'agent_ana', toBob, { queueExists: false, agent: { ...AVAILABLE, available: false } })?.code).toBe('target-agent-unavailable');
    expect(refuseTransfer(HELD, 'agent_ana', toBob, { queueExists: false, agent: { ...AVAILABLE, active: false } })?.code).toBe('target-agent-unavailable');
  });

  it('refuses a conversation the agent only has on offer, or does not hold', () => {
    expect(refuseTransfer(OFFERED, 'agent_ana', { kind: 'queue', queue: 'support' }, { queueExists: true })?.code).toBe('not-held-by-agent');
    expect(refuseTransfer(HELD, 'agent_bob', { kind: 'queue', queue: 'support' }, { queueExists: true })?.code).toBe('not-held-by-agent');
  });
});

describe('refuseClose', () => {
  it('closes a held conversation with any code when the tenant lists none', () => {
    expect(refuseClose(HELD, 'agent_ana', 'resolved', [])).toBeUndefined();
  });

  it("holds the agent to the tenant's codes when it lists some", () => {
    expect(refuseClose(HELD, 'agent_ana', 'resolved', ['resolved', 'sale'])).toBeUndefined();
    expect(refuseClose(HELD, 'agent_ana', 'whatever', ['resolved', 'sale'])).toEqual({
      code: 'invalid-disposition',
      reason: "the tenant's disposition codes are resolved, sale",
    });
  });

  it('refuses a closed conversation and one held by someone else', () => {
    expect(refuseClose(CLOSED, 'agent_ana', 'resolved', [])?.code).toBe('conversation-closed');
    expect(refuseClose(HELD, 'agent_bob', 'resolved', [])?.code).toBe('not-held-by-agent');
  });
});
