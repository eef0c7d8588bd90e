import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startKafka, stopKafka, kafkaStatus } from './kafka.ts';
import { migrateAll } from './migrations.ts';
import { startPostgres, stopPostgres, postgresStatus } from './postgres.ts';
import { ensureTopics } from './topics.ts';

export type StackProfile = 'dev' | 'test';

export interface StackOptions {
  profile: StackProfile;
  repoRoot: string;
  /** Connection settings from the environment; a given one is used as it is and nothing is started for it. */
  env: Readonly<Record<string, string | undefined>>;
  log?: (message: string) => void;
  /** Benchmarks want a broker tuned for steady load rather than a quick start. */
  brokerTuning?: 'fast-start' | 'throughput';
}

export interface RunningStack {
  kafkaBrokers: string;
  databaseUrl: string;
  /** What this call started and `stop` will stop; external or already-running parts are left alone. */
  started: { kafka: boolean; postgres: boolean };
  timings: Record<string, number>;
  stop(): Promise<void>;
}

const PROFILES = {
  dev: { kafkaPort: 9092, controllerPort: 9093, postgresPort: 55432, heapMb: 768 },
  test: { kafkaPort: 19092, controllerPort: 19093, postgresPort: 55433, heapMb: 512 },
} as const;

export function stackDataDir(repoRoot: string, profile: StackProfile): string {
  return join(repoRoot, '.parley', profile);
}

/**
 * Brings up what the platform needs on this machine: a real Kafka broker and a real PostgreSQL, unless
 * KAFKA_BROKERS or DATABASE_URL point elsewhere; then creates the catalog's topics and applies every migration.
 * The dev profile keeps its data under .parley/dev; the test profile starts from an emptied .parley/test each time.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? (() => {});
  const profile = PROFILES[options.profile];
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - started);
    }
  };

  const dataDir = stackDataDir(options.repoRoot, options.profile);
  const kafkaDir = join(dataDir, 'kafka');
  const postgresDir = join(dataDir, 'postgres');
  const externalKafka = options.env['KAFKA_BROKERS'];
  const externalDatabase = options.env['DATABASE_URL'];
  if (options.profile === 'test') {
    // A test run that was killed leaves its broker and database behind; they go before a clean start, unless the
    // caller named servers of its own, which may well be those very ones.
    await Promise.all([
      externalKafka ? undefined : stopKafka(kafkaDir).then(() => rm(kafkaDir, { recursive: true, force: true })),
      externalDatabase ? undefined : stopPostgres(postgresDir).then(() => rm(postgresDir, { recursive: true, force: true })),
    ]);
  }
  await mkdir(dataDir, { recursive: true });

  const kafkaWasRunning = !externalKafka && (await kafkaStatus(kafkaDir)).running;
  const postgresWasRunning = !externalDatabase && (await postgresStatus(postgresDir)).running;

  const [kafkaResult, postgresResult] = await Promise.allSettled([
    externalKafka
      ? Promise.resolve(externalKafka)
      : time('kafka', async () => {
          log(kafkaWasRunning ? 'Kafka: reusing the running broker' : 'Kafka: starting a local broker');
          const kafka = await startKafka({
            dataDir: kafkaDir,
            port: profile.kafkaPort,
            controllerPort: profile.controllerPort,
            heapMb: profile.heapMb,
            tuning: options.brokerTuning ?? (options.profile === 'dev' ? 'throughput' : 'fast-start'),
          });
          return kafka.brokers;
        }),
    externalDatabase
      ? Promise.resolve(externalDatabase)
      : time('postgres', async () => {
          log(postgresWasRunning ? 'PostgreSQL: reusing the running server' : 'PostgreSQL: starting a local server');
          const postgres = await startPostgres({
            dataDir: postgresDir,
            port: profile.postgresPort,
            persistent: options.profile === 'dev',
          });
          return postgres.url;
        }),
  ]);
  const started = {
    kafka: !externalKafka && !kafkaWasRunning && kafkaResult.status === 'fulfilled',
    postgres: !externalDatabase && !postgresWasRunning && postgresResult.status === 'fulfilled',
  };

  const stop = async () => {
    if (started.kafka) {
      await stopKafka(kafkaDir);
    }
    if (started.postgres) {
      await stopPostgres(postgresDir);
    }
    if (options.profile === 'test') {
      await Promise.all([
        started.kafka ? rm(kafkaDir, { recursive: true, force: true }) : undefined,
        started.postgres ? rm(postgresDir, { recursive: true, force: true }) : undefined,
      ]);
    }
  };

  // One half failing must not leave the other running with nobody to stop it.
  if (kafkaResult.status === 'rejected' || postgresResult.status === 'rejected') {
    await stop();
    throw kafkaResult.status === 'rejected' ? kafkaResult.reason : (postgresResult as PromiseRejectedResult).reason;
  }
  const kafkaBrokers = kafkaResult.value;
  const databaseUrl = postgresResult.value;

  try {
    const changes = await time('topics', () => ensureTopics(kafkaBrokers.split(',')));
    if (changes.length > 0) {
      log(`Kafka topics: ${changes.map((change) => `${change.topic} ${change.change}`).join(', ')}`);
    }
    const reports = await time('migrations', () => migrateAll(options.repoRoot, databaseUrl));
    const applied = reports.flatMap((report) => report.applied.map((name) => `${report.schema}/${name}`));
    if (applied.length > 0) {
      log(`migrations applied: ${applied.join(', ')}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { kafkaBrokers, databaseUrl, started, timings, stop };
}

/** Stops the dev stack's broker and database, whoever started them. */
export async function stopDevStack(repoRoot: string): Promise<void> {
  const dataDir = stackDataDir(repoRoot, 'dev');
  await Promise.all([stopKafka(join(dataDir, 'kafka')), stopPostgres(join(dataDir, 'postgres'))]);
}

export async function devStackStatus(repoRoot: string): Promise<{ kafka: boolean; postgres: boolean }> {
  const dataDir = stackDataDir(repoRoot, 'dev');
  const [kafka, postgres] = await Promise.all([kafkaStatus(join(dataDir, 'kafka')), postgresStatus(join(dataDir, 'postgres'))]);
  return { kafka: kafka.running, postgres: postgres.running };
}
