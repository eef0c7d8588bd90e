import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@parley/platform/bootstrap';
import { APP_CONFIG } from '@parley/platform/config';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { IvrMenuConfig } from '../config.ts';
import { FrontDoorService } from './front-door.service.ts';

const BATCH = 200;

/**
 * The front door's clock: ends menu steps whose customer went silent and queues conversations whose queue opened.
 * Every instance sweeps; row locks with SKIP LOCKED give each due conversation to exactly one of them.
 */
@Injectable()
export class FrontDoorSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #task: PeriodicTask;

  constructor(
    private readonly frontDoor: FrontDoorService,
    @Inject(APP_CONFIG) config: IvrMenuConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.#task = new PeriodicTask(() => this.sweep(), config.frontDoor.sweepIntervalMs);
  }

  onApplicationBootstrap(): void {
    this.#task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.#task.stop();
  }

  /** One pass; a full batch means more are due, so it goes on until the backlog is gone. */
  async sweep(now = new Date()): Promise<void> {
    try {
      let swept = BATCH;
      while (swept === BATCH) {
        swept = await this.frontDoor.sweepMenuTimeouts(now, BATCH);
      }
      swept = BATCH;
      while (swept === BATCH) {
        swept = await this.frontDoor.sweepOpenings(now, BATCH);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'front-door sweep failed; the next one retries');
    }
  }
}
