import { DomainError } from '@parley/contracts';

/** One problem with a search, addressed by the field it concerns. */
export interface SearchIssue {
  path: string;
  message: string;
}

/** A search that cannot run as asked; every problem is listed so a client can fix them in one go. */
export class ArchiveSearchInvalidError extends DomainError {
  readonly issues: readonly SearchIssue[];

  constructor(issues: readonly SearchIssue[]) {
    super('invalid', 'archive.search-invalid', `Invalid archive search: ${issues.map((issue) => `${issue.path || 'query'}: ${issue.message}`).join('; ')}`, {
      issues: [...issues],
    });
    this.issues = issues;
  }
}

/** A page cursor this archive did not issue, or one that was altered. */
export class ArchiveCursorInvalidError extends DomainError {
  constructor(problem: string) {
    super('invalid', 'archive.cursor-invalid', `Invalid page cursor: ${problem}`);
  }
}
