/**
 * Runs `task` every `intervalMs`, never two runs at once (a slow run makes the next tick a no-op rather than a
 * pile-up), on an unreferenced timer so it never keeps a stopping process alive; `stop()` waits for a run in progress.
 */
export class PeriodicTask {
  readonly #task: () => Promise<void>;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(task: () => Promise<void>, intervalMs: number) {
    this.#task = task;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#running ??= this.#task().finally(() => {
        this.#running = undefined;
      });
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
