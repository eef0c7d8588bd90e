import type { DatabaseConfig } from '../config/config-fragments.ts';

export interface PostgresPoolConfig {
  connectionString: string;
  max: number;
  options: string;
  application_name: string;
}

/** Pool settings for a service's connections: its own schema first on the search path, named for pg_stat_activity. */
export function postgresPoolConfig(config: DatabaseConfig, applicationName: string): PostgresPoolConfig {
  return {
    connectionString: config.url,
    max: config.poolMax,
    options: `-c search_path=${quoteIdentifier(config.schema)}`,
    application_name: applicationName,
  };
}

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
