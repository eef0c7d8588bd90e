import { DomainError } from '@parley/contracts';

/** A read of people's messages without the reader's identity, which the view log and the audit need. */
export class ArchiveReaderRequiredError extends DomainError {
  constructor() {
    super('invalid', 'archive.reader-required', 'The x-parley-reader header must name who is reading (an opaque user id).');
  }
}

export class ArchiveConversationNotFoundError extends DomainError {
  constructor(conversationId: string) {
    super('not-found', 'archive.conversation-not-found', `No archived conversation ${conversationId}.`);
  }
}

export class ArchiveExportNotFoundError extends DomainError {
  constructor(exportId: string) {
    super('not-found', 'archive.export-not-found', `No export ${exportId}.`);
  }
}

/** A file asked for before its export completed, or one the export does not have. */
export class ArchiveExportFileUnavailableError extends DomainError {
  constructor(exportId: string, name: string, status: string) {
    super(status === 'completed' ? 'not-found' : 'conflict', 'archive.export-file-unavailable', `Export ${exportId} has no file ${name} to read (status ${status}).`);
  }
}
