import { Injectable } from '@nestjs/common';

/** What answered a desk command or reply: routing applied or refused it, the compliance filter approved or blocked it. */
export type CommandOutcome =
  | { kind: 'applied'; eventType: string }
  | { kind: 'rejected'; code: string; reason: string }
  | { kind: 'approved'; text: string }
  | { kind: 'blocked'; reasons: unknown[]; explanation: string };

/** Answers kept for repeated requests with the same command id (a double click on another tab of the same desk). */
const REMEMBERED = 10_000;

/**
 * Pairs desk commands with the events that answer them, by command id (the answering events' causation id, or the
 * refusal's `commandId`). A request registers before it publishes, so an answer that arrives first is not missed.
 */
@Injectable()
export class CommandOutcomes {
  readonly #waiting = new Map<string, Set<(outcome: CommandOutcome) => void>>();
  readonly #settled = new Map<string, CommandOutcome>();

  /** Starts waiting for the answer to `commandId`; the promise gives undefined when none came within `timeoutMs`. */
  expect(commandId: string, timeoutMs: number): Promise<CommandOutcome | undefined> {
    const known = this.#settled.get(commandId);
    if (known) {
      return Promise.resolve(known);
    }
    return new Promise((resolve) => {
      const waiters = this.#waiting.get(commandId) ?? new Set();
      const timer = setTimeout(() => {
        waiters.delete(done);
        if (waiters.size === 0) {
          this.#waiting.delete(commandId);
        }
        resolve(undefined);
      }, timeoutMs);
      timer.unref();
      const done = (outcome: CommandOutcome): void => {
        clearTimeout(timer);
        resolve(outcome);
      };
      waiters.add(done);
      this.#waiting.set(commandId, waiters);
    });
  }

  /**
   * Records the first answer to a command this replica waits for and hands it to the waiters; answers to commands
   * nobody here waits for, and later answers to the same command, are ignored.
   */
  settle(commandId: string, outcome: CommandOutcome): void {
    if (this.#settled.has(commandId) || !this.#waiting.has(commandId)) {
      return;
    }
    this.#settled.set(commandId, outcome);
    if (this.#settled.size > REMEMBERED) {
      const oldest = this.#settled.keys().next().value;
      if (oldest !== undefined) {
        this.#settled.delete(oldest);
      }
    }
    const waiters = this.#waiting.get(commandId);
    this.#waiting.delete(commandId);
    for (const waiter of waiters ?? []) {
      waiter(outcome);
    }
  }
}
