import { Global, Module, type DynamicModule, type InjectionToken, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.tokens.ts';
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

class DatabaseDisconnector implements OnApplicationShutdown {
  readonly #client: DatabaseClient;

  constructor(client: DatabaseClient) {
    this.#client = client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.#client.$disconnect();
  }
}
