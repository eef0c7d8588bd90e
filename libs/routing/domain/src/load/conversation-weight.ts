export type Channel = 'sms' | 'voice';

/** Tenant settings that decide how much of an agent's capacity a conversation takes. */
export interface RoutingPolicy {
  /** What an SMS conversation weighs once the customer has gone quiet, e.g. 0.5. */
  waitingOnCustomerWeight: number;
  /** How long the customer must have been silent before the lighter weight applies. */
  waitingOnCustomerAfterSeconds: number;
}

/**
 * How much of an agent's capacity one conversation takes: an SMS conversation weighs 1, or the policy's lighter
 * weight once the customer has been silent longer than `waitingOnCustomerAfterSeconds` (the agent owes no
 * reply), and a voice interaction takes the agent's whole capacity.
 */
export function conversationWeight(
  conversation: { channel: Channel; waitingOnCustomerSince?: Date | null },
  capacity: number,
  now: Date,
  policy: RoutingPolicy,
): number {
  switch (conversation.channel) {
    case 'voice':
      return capacity;
    case 'sms': {
      const since = conversation.waitingOnCustomerSince;
      const isCustomerSilent = since != null && now.getTime() - since.getTime() > policy.waitingOnCustomerAfterSeconds * 1000;
      return isCustomerSilent ? policy.waitingOnCustomerWeight : 1;
    }
  }
}

/** An agent's load: the weights of the conversations offered to or held by them, or all of their capacity while on a call. */
export function agentLoad(
  conversations: ReadonlyArray<{ channel: Channel; waitingOnCustomerSince?: Date | null }>,
  capacity: number,
  onCall: boolean,
  now: Date,
  policy: RoutingPolicy,
): number {
  if (onCall) {
    return capacity;
  }
  let load = 0;
  for (const conversation of conversations) {
    load += conversationWeight(conversation, capacity, now, policy);
  }
  return load;
}
