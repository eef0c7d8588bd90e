import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { testEnvironment, waitFor } from '@parley/platform/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceCommand } from '../tools/dev/service-process.ts';

const repoRoot = join(import.meta.dirname, '..');
const { kafkaBrokers, databaseUrl } = testEnvironment();

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startRouting(env: Record<string, string>): Started {
  const child = spawn(process.execPath, serviceCommand(repoRoot, 'routing'), {
    // A short session lets the next test's member take over quickly from one this suite killed.
    env: { PATH: process.env['PATH'] ?? '', KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000', PARLEY_ADMIN_TOKEN: 'service-process-admin-token-0123456789', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A TCP relay to the broker that can be switched off and on, to play a broker outage. */
function brokerRelay(target: string): { port: Promise<number>; open(): void; server: Server; sockets: Set<Socket> } {
  const [host, port] = target.split(',')[0]!.split(':');
  const sockets = new Set<Socket>();
  let isOpen = false;
  const server = createServer((socket) => {
    if (!isOpen) {
      socket.destroy();
      return;
    }
    const upstream = connect(Number(port), host);
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  const listening = new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port: listening,
    open: () => {
      isOpen = true;
    },
    server,
    sockets,
  };
}

describe('a service process', () => {
  const running: Started[] = [];

  beforeAll(() => {
    expect(existsSync(join(repoRoot, 'apps/routing/dist/main.js')), 'build first: npm run build').toBe(true);
  });

  afterEach(async () => {
    for (const started of running.splice(0)) {
      started.child.kill('SIGKILL');
      await started.exited;
    }
  });

  it('refuses to start on bad configuration and names every bad variable', async () => {
    const started = startRouting({ HTTP_PORT: 'eighty', KAFKA_BROKERS: 'kafka-without-port' });
    expect(await started.exited).toBe(78);
    expect(started.output()).toContain('KAFKA_BROKERS is invalid: expected host:port');
    expect(started.output()).toContain('DATABASE_URL is not set');
    expect(started.output()).toContain('HTTP_PORT is invalid');
  });

  it('stays up and unready while the broker is unreachable, then becomes ready without a restart', async () => {
    const relay = brokerRelay(kafkaBrokers);
    const port = await relay.port;
    const httpPort = 3903;
    const started = startRouting({
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'warn',
    });
    running.push(started);
    try {
      await waitFor('liveness', async () => (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status === 200);
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const unready = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
      expect(unready.status).toBe(503);
      const body = (await unready.json()) as { checks: Record<string, { ready: boolean }> };
      expect(body.checks['kafka']?.ready).toBe(false);
      expect(body.checks['database']?.ready).toBe(true);
      expect(started.child.exitCode).toBeNull();
      await waitFor('the retry to be logged', () => started.output().includes('Kafka is unreachable; retrying'));

      relay.open();
      await waitFor('readiness once the broker is back', async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200, {
        timeoutMs: 45_000,
        intervalMs: 250,
      });
      expect(started.child.exitCode).toBeNull();
    } finally {
      for (const socket of relay.sockets) {
        socket.destroy();
      }
      relay.server.close();
    }
  });

  it('applies its migrations with its migrate command, and again changes nothing', async () => {
    const migrate = (schema: string) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, [join(repoRoot, 'apps/routing/dist/migrate.js')], {
          env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => resolve({ code, output }));
      });
    const schema = `routing_${Date.now()}`;
    const first = await migrate(schema);
    expect(first.code).toBe(0);
    // Routing's two migrations: the platform's init and its own tables.
    expect(first.output).toMatch(/"applied":2,"alreadyApplied":0/);
    const second = await migrate(schema);
    expect(second.output).toMatch(/"applied":0,"alreadyApplied":2/);
  });

  it('stops cleanly on SIGTERM', async () => {
    const httpPort = 3904;
    const started = startRouting({
      KAFKA_BROKERS: kafkaBrokers,
      DATABASE_URL: databaseUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'info',
    });
    running.push(started);
    await waitFor('readiness', async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200, { timeoutMs: 60_000 });
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('consumers drained');
  });
});
