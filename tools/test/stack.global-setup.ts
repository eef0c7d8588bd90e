import type { TestProject } from 'vitest/node';
import { startStack } from '../local-stack/stack.ts';
import '../../libs/platform/src/testing/test-environment.ts';

/** Starts a throwaway Kafka and PostgreSQL for the integration tests, unless KAFKA_BROKERS / DATABASE_URL are given. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack({
    profile: 'test',
    repoRoot: process.cwd(),
    env: process.env,
    log: (message) => process.stdout.write(`[test stack] ${message}\n`),
  });
  process.stdout.write(`[test stack] ready: ${JSON.stringify(stack.timings)}\n`);
  project.provide('kafkaBrokers', stack.kafkaBrokers);
  project.provide('databaseUrl', stack.databaseUrl);
  return async () => {
    await stack.stop();
  };
}
