/**
 * Runs async work one piece at a time, in the order it was asked for, so the engine's state and the order its
 * inputs are recorded in never interleave; a failed piece fails only its own caller.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(() => work());
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything asked for so far has finished. */
  async drain(): Promise<void> {
    await this.run(() => Promise.resolve());
  }
}
