interface WaitingCall<TInput, TOutput> {
  input: TInput;
  resolve: (output: TOutput) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs concurrent calls of one kind of round trip (a statement, an offset commit) as few round trips: a call starts
 * at once when none is in flight, and calls that arrive while a batch is in flight go out together as the next one. A burst therefore costs a
 * handful of round trips instead of one each, and a lone call waits for nothing.
 */
export class GroupedCalls<TInput, TOutput> {
  readonly #run: (inputs: readonly TInput[]) => Promise<readonly TOutput[]>;
  readonly #maxBatch: number;
  #waiting: WaitingCall<TInput, TOutput>[] = [];
  #running = false;

  /** `run` must answer each input at its position; a failure fails every call of that batch. */
  constructor(run: (inputs: readonly TInput[]) => Promise<readonly TOutput[]>, options: { maxBatch?: number } = {}) {
    this.#run = run;
    this.#maxBatch = options.maxBatch ?? 500;
  }

  call(input: TInput): Promise<TOutput> {
    return new Promise<TOutput>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (!this.#running) {
        void this.#drain();
      }
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.#maxBatch);
        try {
          const outputs = await this.#run(batch.map((call) => call.input));
          if (outputs.length !== batch.length) {
            throw new Error(`a grouped call answered ${outputs.length} of ${batch.length} inputs`);
          }
          batch.forEach((call, index) => call.resolve(outputs[index] as TOutput));
        } catch (error) {
          for (const call of batch) {
            call.reject(error);
          }
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
