import { spawn } from 'node:child_process';
import type { ServiceName } from '@parley/contracts';
import { SERVICE_ENV, serviceCommand } from '../dev/service-process.ts';

export interface BenchService {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** One built service as its own process against the benchmark's stack, started and ready to be measured. */
export async function startBenchService(
  repoRoot: string,
  service: ServiceName,
  options: { port: number; kafkaBrokers: string; databaseUrl: string; env?: Record<string, string> },
): Promise<BenchService> {
  const url = `http://127.0.0.1:${options.port}`;
  // A process left over from an interrupted run would answer the readiness check below in this one's place.
  if (await fetch(`${url}/readyz`).then(() => true, () => false)) {
    throw new Error(`port ${options.port} is taken: stop the process listening there (a left-over benchmark service?)`);
  }
  const child = spawn(process.execPath, serviceCommand(repoRoot, service), {
    stdio: 'ignore',
    env: {
      ...SERVICE_ENV,
      ...process.env,
      KAFKA_BROKERS: options.kafkaBrokers,
      DATABASE_URL: options.databaseUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(options.port),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  for (const deadline = Date.now() + 60_000; ; ) {
    if (await fetch(`${url}/readyz`).then((response) => response.ok).catch(() => false)) {
      return { url, pid: child.pid as number, stop };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${service} did not become ready (exit code ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
