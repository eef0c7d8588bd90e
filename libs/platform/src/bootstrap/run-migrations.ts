import type { ServiceName } from '@parley/contracts';
import { composeConfig, ConfigError, loadConfig } from '../config/config-fragment.ts';
import { databaseFragment, defaultSchemaOf, serviceFragment } from '../config/config-fragments.ts';
import { createLogger } from '../observability/logger.ts';
import { applyMigrations } from '../persistence/migrations.ts';
import { EXIT_CONFIG } from './run-service.ts';

export interface RunMigrationsOptions {
  service: ServiceName;
  migrationsDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** A service's `migrate` command: applies its pending migrations to its schema, then exits. */
export async function runMigrations(options: RunMigrationsOptions): Promise<void> {
  const schema = composeConfig(serviceFragment(options.service), databaseFragment(defaultSchemaOf(options.service)));
  let config;
  try {
    config = loadConfig(options.service, schema, options.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const logger = createLogger({ service: options.service, level: config.log.level });
  try {
    const report = await applyMigrations({
      databaseUrl: config.database.url,
      schema: config.database.schema,
      migrationsDir: options.migrationsDir,
      log: (message) => logger.info(message),
    });
    logger.info({ schema: report.schema, applied: report.applied.length, alreadyApplied: report.alreadyApplied.length }, 'migrations complete');
  } catch (error) {
    logger.error({ err: error }, 'migrations failed');
    process.exitCode = 1;
  }
}
