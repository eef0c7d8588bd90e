import { DomainError } from '@parley/contracts';

/** A purge was asked for a conversation that its retention or a legal hold still protects. */
export class PurgeNotAllowedError extends DomainError {
  constructor(conversationId: string, blockers: readonly string[]) {
    super('conflict', 'archive.purge-not-allowed', `conversation ${conversationId} may not be purged: ${blockers.join(', ')}`, {
      conversationId,
      blockers: [...blockers],
    });
  }
}

/** A purge description whose numbers cannot be true, such as more texts than records. */
export class PurgeRecordInvalidError extends DomainError {
  constructor(problem: string) {
    super('invalid', 'archive.purge-record-invalid', problem);
  }
}
