import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { AssignmentService } from './assignment.service.ts';

/**
 * Asks for assignment rounds without waiting for them: requests for a tenant whose round is running are folded into
 * one more round after it, so a burst of queued conversations or freed agents costs a few rounds, not one each.
 */
@Injectable()
export class AssignmentScheduler implements OnModuleDestroy {
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  #stopped = false;

  constructor(
    private readonly assignment: AssignmentService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  request(tenantId: string): void {
    if (this.#stopped) {
      return;
    }
    if (this.#running.has(tenantId)) {
      this.#again.add(tenantId);
      return;
    }
    const running = this.#loop(tenantId).finally(() => {
      this.#running.delete(tenantId);
    });
    this.#running.set(tenantId, running);
  }

  /** Waits until no round is running or asked for, for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.all(this.#running.values());
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.#stopped = true;
    this.#again.clear();
    await this.drain();
  }

  async #loop(tenantId: string): Promise<void> {
    let goAgain = true;
    while (goAgain && !this.#stopped) {
      this.#again.delete(tenantId);
      try {
        const round = await this.assignment.runRound(tenantId);
        goAgain = round.full || this.#again.has(tenantId);
      } catch (error) {
        // The sweeper asks again within its interval, so a failed round (a database blip) delays work without losing it.
        this.logger.warn({ err: error, tenantId }, 'assignment round failed');
        goAgain = false;
      }
    }
  }
}
