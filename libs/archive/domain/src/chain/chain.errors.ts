import { DomainError } from '@parley/contracts';

/** A value that has no single canonical JSON form, so it cannot be part of a hashed record. */
export class CanonicalJsonError extends DomainError {
  constructor(path: string, problem: string) {
    super('invalid', 'archive.canonical-json-unsupported', `${path || 'value'}: ${problem}`, { path });
  }
}

/** A record, redaction or checkpoint that would make the chain invalid the moment it is stored. */
export class ArchiveLinkInvalidError extends DomainError {
  constructor(problem: string, details?: Record<string, unknown>) {
    super('invalid', 'archive.link-invalid', problem, details);
  }
}
