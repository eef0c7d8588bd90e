import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LoginAttemptsRepository, SessionsRepository } from '@parley/gateway-data-access';
import { PeriodicTask } from '@parley/platform/bootstrap';
import { APP_CONFIG } from '@parley/platform/config';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { GatewayConfig } from '../config.ts';

const SWEEP_INTERVAL_MS = 15 * 60 * 1000;

/** Forgets sessions past their absolute expiry and failed logins past the throttling window, every 15 minutes. */
@Injectable()
export class IdentitySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #task = new PeriodicTask(() => this.sweep(), SWEEP_INTERVAL_MS);

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly attempts: LoginAttemptsRepository,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.#task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.#task.stop();
  }

  async sweep(now = new Date()): Promise<void> {
    try {
      const sessions = await this.sessions.prune(new Date(now.getTime() - this.config.desk.session.maxSeconds * 1000 - 86_400_000));
      const attempts = await this.attempts.prune(new Date(now.getTime() - this.config.desk.login.windowSeconds * 1000));
      if (sessions + attempts > 0) {
        this.logger.info({ sessions, attempts }, 'forgot ended sessions and old failed logins');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'identity sweep failed; the next run retries');
    }
  }
}
