import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SessionNotices } from '@parley/gateway-data-access';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { z } from 'zod';

export type SessionEndReason = 'logged-out' | 'expired' | 'deactivated';

const sessionEndedSchema = z.object({
  reason: z.enum(['logged-out', 'expired', 'deactivated']),
  /** One session ended (logout), or every session of a user (deactivation, a new password). */
  sessionTokenHash: z.string().optional(),
  userId: z.string().optional(),
});

export type SessionEnded = z.infer<typeof sessionEndedSchema>;

const RELISTEN_AFTER_MS = 5_000;

/**
 * Tells the open WebSockets that a session ended, so they close at once rather than at their next check: on this
 * replica directly, and on every other one through the database's notifications.
 */
@Injectable()
export class SessionEvents implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #listeners = new Set<(ended: SessionEnded) => void>();
  #stopListening: (() => Promise<void>) | undefined;
  #retry: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(
    private readonly notices: SessionNotices,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.#listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#retry);
    await this.#stopListening?.();
  }

  subscribe(listener: (ended: SessionEnded) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  ended(event: SessionEnded): void {
    this.#dispatch(event);
    this.notices.notify(event).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not tell the other replicas a session ended; their next session check will');
    });
  }

  #dispatch(event: SessionEnded): void {
    for (const listener of this.#listeners) {
      listener(event);
    }
  }

  async #listen(): Promise<void> {
    try {
      this.#stopListening = await this.notices.listen(
        (notice) => {
          const parsed = sessionEndedSchema.safeParse(notice);
          if (parsed.success) {
            this.#dispatch(parsed.data);
          }
        },
        (error) => {
          this.logger.warn({ err: error }, 'lost the session notifications; listening again shortly');
          this.#scheduleListen();
        },
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not listen for session notifications; retrying shortly');
      this.#scheduleListen();
    }
  }

  #scheduleListen(): void {
    if (this.#stopping) {
      return;
    }
    this.#retry = setTimeout(() => void this.#listen(), RELISTEN_AFTER_MS);
    this.#retry.unref();
  }
}
