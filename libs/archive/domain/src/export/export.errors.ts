import { DomainError } from '@parley/contracts';

/** A manifest that would not describe its files truthfully, such as formats holding different row counts. */
export class ExportManifestInvalidError extends DomainError {
  constructor(problem: string) {
    super('invalid', 'archive.export-manifest-invalid', `Invalid export manifest: ${problem}`);
  }
}

/** An export file asked for its summary before all its bytes were produced, or named unsafely. */
export class ExportFileInvalidError extends DomainError {
  constructor(problem: string) {
    super('conflict', 'archive.export-file-invalid', problem);
  }
}
