import { Global, Module, type DynamicModule, type InjectionToken, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { ALL_TOPICS } from '@parley/contracts';
import type { Logger } from 'pino';
import { PeriodicTask } from '../bootstrap/periodic-task.ts';
import { APP_CONFIG } from '../config/config.tokens.ts';
import { LOGGER } from '../observability/observability.tokens.ts';
import type { DatabaseConfig } from '../config/config-fragments.ts';
import { ReadinessRegistry } from '../http/health/readiness.registry.ts';
import { Inbox, PROCESSED_EVENTS_TABLE } from './inbox.ts';
import type { DatabaseClient } from './sql-client.ts';

export interface DatabaseModuleOptions {
  /** The service's own client class, used as the injection token. */
  token: InjectionToken;
  create: (config: DatabaseConfig) => DatabaseClient;
}

/**
 * Wires a service's Prisma client: connects at start, reports readiness (which also proves the migrations ran),
 * offers the idempotency inbox, and disconnects last so draining consumers can still write.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forClient(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: options.token,
          inject: [APP_CONFIG, ReadinessRegistry],
          useFactory: (config: { database: DatabaseConfig }, readiness: ReadinessRegistry) => {
            const client = options.create(config.database);
            readiness.register('database', async () => {
              await client.$queryRawUnsafe(`SELECT 1 FROM ${PROCESSED_EVENTS_TABLE} LIMIT 1`);
              return { ready: true, detail: `schema ${config.database.schema}` };
            });
            return client;
          },
        },
        { provide: Inbox, inject: [options.token], useFactory: (client: DatabaseClient) => new Inbox(client) },
        { provide: InboxPruner, inject: [Inbox, LOGGER], useFactory: (inbox: Inbox, logger: Logger) => new InboxPruner(inbox, logger) },
        {
          provide: DatabaseDisconnector,
          inject: [options.token],
          useFactory: (client: DatabaseClient) => new DatabaseDisconnector(client),
        },
      ],
      exports: [options.token, Inbox],
    };
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** How long handled event ids are kept: a day beyond the longest any topic keeps its events, after which none can come back. */
export const INBOX_RETENTION_MS = Math.max(...ALL_TOPICS.map((topic) => topic.retentionMs)) + DAY_MS;

/** Keeps `processed_events` from growing without end: every hour, the ids no redelivery can need any more go. */
export class InboxPruner implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #inbox: Inbox;
  readonly #logger: Logger;
  readonly #task: PeriodicTask;

  constructor(inbox: Inbox, logger: Logger) {
    this.#inbox = inbox;
    this.#logger = logger;
    this.#task = new PeriodicTask(() => this.prune(), HOUR_MS);
  }

  onApplicationBootstrap(): void {
    this.#task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.#task.stop();
  }

  async prune(now = new Date()): Promise<void> {
    try {
      const pruned = await this.#inbox.prune(new Date(now.getTime() - INBOX_RETENTION_MS));
      if (pruned > 0) {
        this.#logger.info({ pruned }, 'forgot handled event ids past every topic retention');
      }
    } catch (error) {
      this.#logger.warn({ err: error }, 'inbox pruning failed; the next run retries');
    }
  }
}

class DatabaseDisconnector implements OnApplicationShutdown {
  readonly #client: DatabaseClient;

  constructor(client: DatabaseClient) {
    this.#client = client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.#client.$disconnect();
  }
}
