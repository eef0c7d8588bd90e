import { Injectable } from '@nestjs/common';

export type SessionEndReason = 'logged-out' | 'expired' | 'deactivated';

export interface SessionEnded {
  reason: SessionEndReason;
  /** One session ended (logout), or every session of a user (deactivation, a new password). */
  sessionTokenHash?: string;
  userId?: string;
}

/** Tells this replica's open WebSockets that a session ended, so they close at once rather than at their next check. */
@Injectable()
export class SessionEvents {
  readonly #listeners = new Set<(ended: SessionEnded) => void>();

  subscribe(listener: (ended: SessionEnded) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  ended(event: SessionEnded): void {
    for (const listener of this.#listeners) {
      listener(event);
    }
  }
}
