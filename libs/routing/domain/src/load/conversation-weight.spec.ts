import { describe, expect, it } from 'vitest';
import { agentLoad, conversationWeight } from './conversation-weight.ts';

const NOW = new Date('2025-03-03T10:00:00.000Z');
const POLICY = { waitingOnCustomerWeight: 0.5, waitingOnCustomerAfterSeconds: 300 };

function secondsAgo(seconds: number): Date {
  return new Date(NOW.getTime() - seconds * 1000);
}

describe('conversationWeight', () => {
  it('weighs an SMS conversation 1 while the agent owes the customer an answer', () => {
    expect(conversationWeight({ channel: 'sms' }, 3, NOW, POLICY)).toBe(1);
    expect(conversationWeight({ channel: 'sms', waitingOnCustomerSince: null }, 3, NOW, POLICY)).toBe(1);
  });

  it('keeps the full weight until the customer has been silent longer than the threshold', () => {
    expect(conversationWeight({ channel: 'sms', waitingOnCustomerSince: secondsAgo(299) }, 3, NOW, POLICY)).toBe(1);
    expect(conversationWeight({ channel: 'sms', waitingOnCustomerSince: secondsAgo(300) }, 3, NOW, POLICY)).toBe(1);
  });

  it('lightens an SMS conversation once the customer has been silent longer than the threshold', () => {
    expect(conversationWeight({ channel: 'sms', waitingOnCustomerSince: secondsAgo(301) }, 3, NOW, POLICY)).toBe(0.5);
    expect(conversationWeight({ channel: 'sms', waitingOnCustomerSince: secondsAgo(301) }, 3, NOW, { ...POLICY, waitingOnCustomerWeight: 0.25 })).toBe(0.25);
  });

  it('gives a voice interaction the whole capacity, silent customer or not', () => {
    expect(conversationWeight({ channel: 'voice' }, 3, NOW, POLICY)).toBe(3);
    expect(conversationWeight({ channel: 'voice' }, 5, NOW, POLICY)).toBe(5);
    expect(conversationWeight({ channel: 'voice', waitingOnCustomerSince: secondsAgo(3600) }, 3, NOW, POLICY)).toBe(3);
  });

  it('sums to an agent load that leaves room for another conversation when customers go quiet', () => {
    const conversations = [
      { channel: 'sms' as const, waitingOnCustomerSince: null },
      { channel: 'sms' as const, waitingOnCustomerSince: secondsAgo(900) },
      { channel: 'sms' as const, waitingOnCustomerSince: secondsAgo(600) },
    ];

    const load = conversations.reduce((sum, conversation) => sum + conversationWeight(conversation, 3, NOW, POLICY), 0);

    expect(load).toBe(2);
  });
});

describe('agentLoad', () => {
  const now = new Date('2025-03-03T10:00:00.000Z');
  const policy = { waitingOnCustomerWeight: 0.5, waitingOnCustomerAfterSeconds: 300 };
  const quiet = new Date(now.getTime() - 600_000);

  it('sums the weights of what the agent holds', () => {
    expect(agentLoad([{ channel: 'sms' }, { channel: 'sms', waitingOnCustomerSince: quiet }, { channel: 'sms', waitingOnCustomerSince: null }], 3, false, now, policy)).toBe(2.5);
  });

  it('is the whole capacity on a call, whatever is held', () => {
    expect(agentLoad([], 3, true, now, policy)).toBe(3);
    expect(agentLoad([{ channel: 'sms' }], 4, true, now, policy)).toBe(4);
  });

  it('is zero with nothing held', () => {
    expect(agentLoad([], 3, false, now, policy)).toBe(0);
  });
});
