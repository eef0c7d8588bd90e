import { DomainError } from '@parley/contracts';

export type InvalidEventReason =
  | 'invalid-json'
  | 'invalid-envelope'
  | 'invalid-event'
  | 'unsupported-version'
  | 'invalid-key'
  | 'not-a-producer';

/** An event that can never be processed as it is: it goes to the dead-letter topic, never retried. */
export class InvalidEventError extends DomainError {
  readonly reason: InvalidEventReason;

  constructor(reason: InvalidEventReason, message: string) {
    super('invalid', `event.${reason}`, message);
    this.reason = reason;
  }
}

/** Kafka did not acknowledge in time; the caller should answer "try again later". */
export class PublishFailedError extends DomainError {
  constructor(topic: string, cause: unknown) {
    super('unavailable', 'messaging.publish-failed', `Kafka did not acknowledge the event on ${topic}`);
    this.cause = cause;
  }
}
