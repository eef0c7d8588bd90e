import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES, type ServiceName } from '@parley/contracts';
import { buildAll } from '../build/build.ts';
import { stackDataDir, startStack, type RunningStack } from '../local-stack/stack.ts';
import { colorFor, formatLogLine } from './log-format.ts';
import { SERVICE_PORTS, serviceCommand } from './service-process.ts';

const repoRoot = process.cwd();
const useColor = process.stdout.isTTY === true;
const jsonLogs = process.env['PARLEY_LOG_FORMAT'] === 'json';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

function say(message: string): void {
  process.stdout.write(`${useColor ? '\u001b[1m' : ''}[parley]${useColor ? '\u001b[0m' : ''} ${message}\n`);
}

/** Local secrets are made once and kept with the dev data, so tokens stay the same across restarts. */
function localSecrets(): { adminToken: string } {
  const dir = stackDataDir(repoRoot, 'dev');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string };
  }
  const secrets = { adminToken: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function startService(service: ServiceName, index: number, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, serviceCommand(repoRoot, service), {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${useColor ? colorFor(index) : ''}${service.padEnd(17)}${useColor ? '\u001b[0m' : ''}|`;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) {
      createInterface({ input: stream }).on('line', (line) => {
        process.stdout.write(`${prefix} ${jsonLogs ? line : formatLogLine(line, useColor)}\n`);
      });
    }
  }
  return child;
}

async function waitUntilReady(service: ServiceName, deadline: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${SERVICE_PORTS[service]}/readyz`);
      if (response.status === 200) {
        return Math.round(performance.now() - started);
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${service} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let shutdownRef: ((code: number) => Promise<void>) | undefined;

async function main(): Promise<void> {
  const startedAt = performance.now();
  say('building');
  buildAll(repoRoot);
  say('starting Kafka and PostgreSQL');
  const stack: RunningStack = await startStack({ profile: 'dev', repoRoot, env: process.env, log: say });
  const secrets = localSecrets();
  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    say('stopping services');
    await Promise.all(
      [...children.entries()].map(
        ([service, child]) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve();
              return;
            }
            const timer = setTimeout(() => {
              say(`${service} did not stop in time; killing it`);
              child.kill('SIGKILL');
            }, STOP_TIMEOUT_MS);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    say('stopping Kafka and PostgreSQL');
    await stack.stop();
    say('stopped');
    process.exit(code);
  };
  shutdownRef = shutdown;
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  SERVICE_NAMES.forEach((service, index) => {
    // The local defaults come first so anything set in the environment overrides them.
    const env: NodeJS.ProcessEnv = {
      KAFKA_BROKERS: stack.kafkaBrokers,
      DATABASE_URL: stack.databaseUrl,
      PARLEY_ADMIN_TOKEN: secrets.adminToken,
      LOG_LEVEL: 'info',
      ...process.env,
      HTTP_PORT: String(SERVICE_PORTS[service]),
      HTTP_HOST: process.env['HTTP_HOST'] ?? '127.0.0.1',
    };
    const child = startService(service, index, env);
    children.set(service, child);
    child.once('exit', (code, signal) => {
      if (!stopping) {
        say(`${service} exited (${signal ?? `code ${code}`}); stopping everything`);
        void shutdown(1);
      }
    });
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  const readyIn = await Promise.all(SERVICE_NAMES.map(async (service) => [service, await waitUntilReady(service, deadline)] as const));
  const gateway = `http://127.0.0.1:${SERVICE_PORTS.gateway}`;
  const rows = readyIn.map(
    ([service]) =>
      `  ${service.padEnd(18)} http://127.0.0.1:${SERVICE_PORTS[service]}   (/healthz /readyz /metrics)`,
  );
  say(
    [
      `Parley is up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
      ...rows,
      `  Kafka              ${stack.kafkaBrokers}`,
      `  PostgreSQL         ${stack.databaseUrl.replace(/:[^:@/]+@/, ':****@')}`,
      `  Admin token        ${secrets.adminToken}`,
      `  Probe the pipeline curl -s -X POST -H 'authorization: Bearer ${secrets.adminToken}' '${gateway}/admin/diagnostics/probes?waitMs=10000'`,
      '  Stop with Ctrl-C',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  if (shutdownRef) {
    void shutdownRef(1);
  } else {
    process.exit(1);
  }
});
