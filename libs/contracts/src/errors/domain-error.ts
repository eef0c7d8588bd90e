/**
 * What went wrong, in terms every edge understands: the HTTP filter maps a kind to a status and the Kafka
 * policy decides from it whether to retry or dead-letter.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable';

/** Base for the small domain errors services throw; `code` is stable and safe to show to API clients. */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(kind: DomainErrorKind, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.details = details;
  }

  /** Only a missing dependency can heal by itself; every other kind fails the same way on every attempt. */
  get isRetryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate-limited';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
