import { Injectable } from '@nestjs/common';
import { ConversationsRepository, type ConsentChangeRecord } from '@parley/ivr-menu-data-access';
import { newEventId } from '@parley/platform/messaging';
import { OutcomePublisher } from './outcome-publisher.ts';

/** Consent changes recorded by a person: an agent confirming a plain-language opt-out, or an administrator. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly outcomes: OutcomePublisher,
  ) {}

  async record(
    tenantId: string,
    input: { customerNumber: string; businessNumberId: string; action: 'opted-out' | 'opted-in'; source: 'agent' | 'admin'; recordedBy: string },
  ): Promise<ConsentChangeRecord> {
    const change: ConsentChangeRecord = { changeId: newEventId(), tenantId, ...input, at: new Date() };
    await this.conversations.inTransaction((transaction) => this.outcomes.publishConsentChange(transaction, change, undefined));
    return change;
  }
}
