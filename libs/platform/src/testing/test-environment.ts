import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    databaseUrl: string;
  }
}

/** The broker and database the integration tests run against, started by the test command's global setup. */
export function testEnvironment(): { kafkaBrokers: string; databaseUrl: string } {
  return { kafkaBrokers: inject('kafkaBrokers'), databaseUrl: inject('databaseUrl') };
}
