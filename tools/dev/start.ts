import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES } from '@parley/contracts';
import { gatewayVonageEnv, loadOrCreateLocalSecrets } from '../../apps/gateway/src/local/local-credentials.ts';
import { buildAll } from '../build/build.ts';
import { stackDataDir, startStack, type RunningStack } from '../local-stack/stack.ts';
import { DEMO_AGENTS, DEMO_NUMBER, DEMO_TENANT, seedDemo } from './demo-seed.ts';
import { colorFor, formatLogLine } from './log-format.ts';
import { SERVICE_ENV, SERVICE_PORTS, serviceCommand } from './service-process.ts';

const repoRoot = process.cwd();
const useColor = process.stdout.isTTY === true;
const jsonLogs = process.env['PARLEY_LOG_FORMAT'] === 'json';
const READY_TIMEOUT_MS = 60_000;
const SIMULATOR_PORT = 3010;
const SIMULATOR = 'vonage-simulator';
const STOP_TIMEOUT_MS = 20_000;

function say(message: string): void {
  process.stdout.write(`${useColor ? '\u001b[1m' : ''}[parley]${useColor ? '\u001b[0m' : ''} ${message}\n`);
}

function startProcess(name: string, index: number, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${useColor ? colorFor(index) : ''}${name.padEnd(17)}${useColor ? '\u001b[0m' : ''}|`;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) {
      createInterface({ input: stream }).on('line', (line) => {
        process.stdout.write(`${prefix} ${jsonLogs ? line : formatLogLine(line, useColor)}\n`);
      });
    }
  }
  return child;
}

async function waitUntilReady(name: string, url: string, deadline: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) {
        return Math.round(performance.now() - started);
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
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
  const secrets = loadOrCreateLocalSecrets(join(stackDataDir(repoRoot, 'dev'), 'secrets.json'));
  const gatewayUrl = `http://127.0.0.1:${SERVICE_PORTS.gateway}`;
  const simulatorUrl = `http://127.0.0.1:${SIMULATOR_PORT}`;
  const children = new Map<string, ChildProcess>();
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

  const watch = (name: string, child: ChildProcess) => {
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (!stopping) {
        say(`${name} exited (${signal ?? `code ${code}`}); stopping everything`);
        void shutdown(1);
      }
    });
  };

  // The simulator plays Vonage: the gateway sends through it and it delivers texts and calls to the gateway.
  watch(
    SIMULATOR,
    startProcess(SIMULATOR, SERVICE_NAMES.length, ['tools/vonage-simulator/cli.ts'], {
      ...process.env,
      SIM_PORT: String(SIMULATOR_PORT),
      VONAGE_APPLICATION_ID: secrets.vonage.applicationId,
      VONAGE_PUBLIC_KEY: secrets.vonage.publicKeyPem,
      VONAGE_API_KEY: secrets.vonage.apiKey,
      VONAGE_API_SECRET: secrets.vonage.apiSecret,
      VONAGE_SIGNATURE_SECRET: secrets.vonage.signatureSecret,
      SIM_INBOUND_URL: `${gatewayUrl}/webhooks/vonage/inbound`,
      SIM_STATUS_URL: `${gatewayUrl}/webhooks/vonage/status`,
      SIM_VOICE_ANSWER_URL: `${gatewayUrl}/webhooks/vonage/voice/answer`,
      SIM_VOICE_EVENT_URL: `${gatewayUrl}/webhooks/vonage/voice/event`,
      SIM_RETRY_INITIAL_MS: '1000',
      SIM_RETRY_MAX_MS: '30000',
    }),
  );

  SERVICE_NAMES.forEach((service, index) => {
    // The local defaults come first so anything set in the environment overrides them.
    const env: NodeJS.ProcessEnv = {
      ...SERVICE_ENV,
      KAFKA_BROKERS: stack.kafkaBrokers,
      DATABASE_URL: stack.databaseUrl,
      LOG_LEVEL: 'info',
      PARLEY_ADMIN_TOKEN: secrets.adminToken,
      ...(service === 'gateway' ? gatewayVonageEnv(secrets, simulatorUrl, gatewayUrl) : {}),
      ...process.env,
      HTTP_PORT: String(SERVICE_PORTS[service]),
      HTTP_HOST: process.env['HTTP_HOST'] ?? '127.0.0.1',
    };
    watch(service, startProcess(service, index, serviceCommand(repoRoot, service), env));
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  await Promise.all([
    waitUntilReady(SIMULATOR, `${simulatorUrl}/_sim/health`, deadline),
    ...SERVICE_NAMES.map((service) => waitUntilReady(service, `http://127.0.0.1:${SERVICE_PORTS[service]}/readyz`, deadline)),
  ]);
  const demo = await seedDemo(gatewayUrl, secrets.adminToken);
  const gateway = gatewayUrl;
  const rows = SERVICE_NAMES.map(
    (service) => `  ${service.padEnd(18)} http://127.0.0.1:${SERVICE_PORTS[service]}   (/healthz /readyz /metrics)`,
  );
  say(
    [
      `Parley is up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
      ...rows,
      `  Kafka              ${stack.kafkaBrokers}`,
      `  PostgreSQL         ${stack.databaseUrl.replace(/:[^:@/]+@/, ':****@')}`,
      `  Vonage simulator   ${simulatorUrl}   (text or call the demo number from the phone page)`,
      `  Admin token        ${secrets.adminToken}`,
      `  Demo tenant        ${DEMO_TENANT.name} (${demo.tenantId})${demo.created ? ', created now' : ''}`,
      `  Demo number        ${DEMO_NUMBER.e164} (${demo.numberId}): a text menu (1 sales, 2 support, 3 hours; sales keeps office hours),`,
      '                     and voice with a menu for the same queues and "press 1 to continue by text"',
      `  Demo agents        ${DEMO_AGENTS.map((agent) => `${agent.displayName} (${agent.agentId}, capacity ${agent.capacity})`).join(', ')}; offline until they set a presence`,
      `  Web desk           ${gateway}/   sign in with organisation "${DEMO_TENANT.slug}" and one of (API: ${gateway}/docs):`,
      ...demo.users.map((user) => `                     ${user.role.padEnd(10)} ${user.email.padEnd(34)} ${user.password}`),
      `  Live routing       curl -s -H 'authorization: Bearer ${secrets.adminToken}' '${gateway}/admin/tenants/${demo.tenantId}/live'`,
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
