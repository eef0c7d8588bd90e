import type { EngineWrite } from '@parley/reporting-data-access';

interface Waiting {
  readonly write: EngineWrite;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The engine's writes in the order the engine made them, committed by one writer: whatever arrives while a
 * transaction is in flight goes into the next one together, so the engine applies the next batches while the last
 * one is written instead of waiting for each commit. A failed transaction fails its writes and every later one, whose
 * changes in memory followed it, and tells the engine its state is no longer what the database holds.
 */
export class InputJournal {
  #pending: Waiting[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly commit: (writes: readonly EngineWrite[]) => Promise<void>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Resolves once the write is committed, with everything appended before it. */
  append(write: EngineWrite): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => {
      this.#pending.push({ write, resolve, reject });
      this.#flushing ??= this.#drain();
    });
    // Callers await it only after leaving the engine's turn, so a failure may come first; it is not unhandled.
    committed.catch(() => undefined);
    return committed;
  }

  /** Resolves when every write appended so far is committed or failed. */
  async idle(): Promise<void> {
    while (this.#flushing !== undefined) {
      await this.#flushing;
    }
  }

  async #drain(): Promise<void> {
    // Writes appended in the same turn join the first transaction.
    await Promise.resolve();
    try {
      while (this.#pending.length > 0) {
        const taken = this.#pending;
        this.#pending = [];
        try {
          await this.commit(taken.map((waiting) => waiting.write));
        } catch (error) {
          const followed = this.#pending;
          this.#pending = [];
          for (const waiting of [...taken, ...followed]) {
            waiting.reject(error);
          }
          this.onFailure(error);
          return;
        }
        for (const waiting of taken) {
          waiting.resolve();
        }
      }
    } finally {
      // Cleared in the same turn the loop ends, so a write appended right after starts a new drain.
      this.#flushing = undefined;
    }
  }
}
