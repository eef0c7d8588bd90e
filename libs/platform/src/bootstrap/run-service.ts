import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceName } from '@parley/contracts';
import { ConfigError, loadConfig, type ConfigSchema } from '../config/config-fragment.ts';
import type { HttpConfig, LogLevel, ServiceSection, TelemetryConfig } from '../config/config-fragments.ts';
import { createLogger } from '../observability/logger.ts';
import { startTelemetry } from '../observability/telemetry.ts';
import { createServiceApp } from './service-app.ts';

/** EX_CONFIG from sysexits.h: the process stopped because its configuration is wrong. */
export const EXIT_CONFIG = 78;

type RunnableConfig = ServiceSection & { log: { level: LogLevel }; http: HttpConfig; telemetry: TelemetryConfig };

export interface RunServiceOptions<TConfig extends RunnableConfig> {
  service: ServiceName;
  configSchema: ConfigSchema<TConfig>;
  env: Readonly<Record<string, string | undefined>>;
  /** Imported only after telemetry started, so every library it loads can be instrumented. */
  loadAppModule: () => Promise<Type | DynamicModule>;
}

/** A service's main: validate config (or exit naming each bad variable), start tracing, serve, stop cleanly. */
export async function runService<TConfig extends RunnableConfig>(options: RunServiceOptions<TConfig>): Promise<void> {
  let config: TConfig;
  try {
    config = loadConfig(options.service, options.configSchema, options.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const telemetry = startTelemetry({ serviceName: options.service, config: config.telemetry });
  const logger = createLogger({ service: options.service, level: config.log.level });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  const app = await createServiceApp({ service: options.service, config, appModule: await options.loadAppModule(), logger });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.service.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.service.shutdownTimeoutMs);
    deadline.unref();
    await app.close();
    await telemetry.shutdown();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  await app.listen({ host: config.http.host, port: config.http.port });
  logger.info({ host: config.http.host, port: config.http.port }, 'listening');
}
