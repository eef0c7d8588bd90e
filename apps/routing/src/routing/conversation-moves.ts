import type { ConversationRecord } from '@parley/routing-data-access';

/** The conversation waiting in its queue again, with nobody offered or holding it; `exclude` is not offered it again. */
export function backToQueue(record: ConversationRecord, options: { atFront: boolean; exclude?: string | undefined; queue?: string }): ConversationRecord {
  const excluded = options.exclude === undefined || record.excludedAgents.includes(options.exclude) ? record.excludedAgents : [...record.excludedAgents, options.exclude];
  return {
    ...record,
    stage: 'waiting',
    queue: options.queue ?? record.queue,
    atFront: options.atFront || record.atFront,
    agentId: null,
    offerExpiresAt: null,
    assignedAt: null,
    waitingOnCustomerSince: null,
    excludedAgents: excluded,
  };
}

export function closedRecord(record: ConversationRecord, now: Date, disposition: string | null): ConversationRecord {
  return { ...record, stage: 'closed', agentId: null, offerExpiresAt: null, atFront: false, closedAt: now, disposition };
}

/** Whether the conversation counts against an agent now. */
export function isHeld(record: ConversationRecord): boolean {
  return record.stage === 'offered' || record.stage === 'assigned';
}

/** The conversation an event is about; its contract requires one, so a missing id is a bug worth failing loudly on. */
export function conversationIdOf(event: { type: string; conversationId?: string | undefined }): string {
  if (event.conversationId === undefined) {
    throw new Error(`${event.type} arrived without the conversation its contract requires`);
  }
  return event.conversationId;
}
