// Measures the platform as it runs locally: stack start with cached artifacts, time until every service is
// ready, pipeline probe round trips, and each service's resident memory once idle. Prints figures; asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { SERVICE_NAMES, type ServiceName } from '@parley/contracts';
import { buildAll } from '../build/build.ts';
import { SERVICE_ENV, SERVICE_PORTS, serviceCommand } from '../dev/service-process.ts';
import { gatewayVonageEnv, generateLocalSecrets } from '../../apps/gateway/src/local/local-credentials.ts';
import { startStack } from '../local-stack/stack.ts';

const repoRoot = process.cwd();
const secrets = generateLocalSecrets();
const ADMIN_TOKEN = secrets.adminToken;
const PROBES = 20;
const IDLE_SECONDS = 20;
const PORT_OFFSET = 100;

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

buildAll(repoRoot);
const stackStarted = performance.now();
const stack = await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
const stackMs = performance.now() - stackStarted;
const children = new Map<ServiceName, ChildProcess>();
try {
  const servicesStarted = performance.now();
  for (const service of SERVICE_NAMES) {
    const [, ...args] = ['node', ...serviceCommand(repoRoot, service)];
    children.set(
      service,
      spawn(process.execPath, args, {
        stdio: 'ignore',
        env: {
          ...SERVICE_ENV,
          ...process.env,
          KAFKA_BROKERS: stack.kafkaBrokers,
          DATABASE_URL: stack.databaseUrl,
          PARLEY_ADMIN_TOKEN: secrets.adminToken,
          ...gatewayVonageEnv(secrets, 'http://127.0.0.1:9', `http://127.0.0.1:${SERVICE_PORTS.gateway + PORT_OFFSET}`),
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(SERVICE_PORTS[service] + PORT_OFFSET),
          LOG_LEVEL: 'warn',
        },
      }),
    );
  }
  const readyMs: Record<string, number> = {};
  await Promise.all(
    SERVICE_NAMES.map(async (service) => {
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${SERVICE_PORTS[service] + PORT_OFFSET}/readyz`)
          .then((response) => response.status === 200)
          .catch(() => false);
        if (ok) {
          readyMs[service] = performance.now() - servicesStarted;
          return;
        }
        if (performance.now() - servicesStarted > 60_000) {
          throw new Error(`${service} not ready in 60 s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }),
  );
  const roundTrips: number[] = [];
  for (let index = 0; index < PROBES; index += 1) {
    const response = await fetch(`http://127.0.0.1:${SERVICE_PORTS.gateway + PORT_OFFSET}/admin/diagnostics/probes?waitMs=15000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const probe = (await response.json()) as { status: string; roundTripMs: number | null };
    if (probe.status !== 'completed' || probe.roundTripMs === null) {
      throw new Error(`probe ${index} did not complete`);
    }
    roundTrips.push(probe.roundTripMs);
  }
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const memory = await Promise.all(SERVICE_NAMES.map(async (service) => [service, await rssKb(children.get(service)?.pid ?? 0)] as const));

  console.log(`stack start (Kafka + PostgreSQL, topics, migrations): ${(stackMs / 1000).toFixed(1)} s ${JSON.stringify(stack.timings)}`);
  console.log(`all six services ready: ${(Math.max(...Object.values(readyMs)) / 1000).toFixed(1)} s after spawn`);
  console.log(`pipeline probe round trip over ${PROBES} probes: p50 ${percentile(roundTrips, 50)} ms, p90 ${percentile(roundTrips, 90)} ms, max ${Math.max(...roundTrips)} ms`);
  console.log(`resident memory after ${IDLE_SECONDS} s idle:`);
  for (const [service, kb] of memory) {
    console.log(`  ${service.padEnd(18)} ${(kb / 1024).toFixed(1)} MB`);
  }
} finally {
  for (const child of children.values()) {
    child.kill('SIGTERM');
  }
  await Promise.all([...children.values()].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  await stack.stop();
}
