import { isDomainError } from '@parley/contracts';
import { InvalidEventError } from './messaging.errors.ts';

export type FailureDecision = 'retry' | 'dead-letter';

/**
 * The one place that decides what a failed handler means: invalid events and domain errors that cannot heal go
 * straight to the dead-letter topic; anything else (a database blip, a timeout) is retried with backoff.
 */
export function decideOnFailure(error: unknown): FailureDecision {
  if (error instanceof InvalidEventError) {
    return 'dead-letter';
  }
  if (isDomainError(error)) {
    return error.isRetryable ? 'retry' : 'dead-letter';
  }
  return 'retry';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = isDomainError(error) ? `${error.code}: ` : '';
    return `${error.name}: ${code}${error.message}`.slice(0, 1_000);
  }
  return String(error).slice(0, 1_000);
}
