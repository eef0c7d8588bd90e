import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@parley/contracts';
import { waitFor, type KafkaTestClient } from '@parley/platform/testing';
import { startVonageSimulator, type RunningSimulator } from '@parley/vonage-simulator';
import { gatewayVonageEnv, simulatorAccountFor, type LocalSecrets } from '../../apps/gateway/src/local/local-credentials.ts';
import { serviceCommand } from '../../tools/dev/service-process.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const PORT_BASE = 4_100;

export interface RunningPlatform {
  url(service: ServiceName): string;
  /** Everything each service printed (its JSON logs), for tests that read the logs. */
  logs(service: ServiceName): string;
  stop(): Promise<void>;
}

/** The six built services as separate processes, as `npm start` runs them, on ports of their own. */
export async function startPlatform(options: {
  kafkaBrokers: string;
  databaseUrl: string;
  secrets: LocalSecrets;
  vonageApiHost: string;
  logLevel?: string;
  env?: Record<string, string>;
}): Promise<RunningPlatform> {
  const children = new Map<ServiceName, ChildProcess>();
  const output = new Map<ServiceName, string[]>();
  const portOf = (service: ServiceName) => PORT_BASE + SERVICE_NAMES.indexOf(service);
  for (const service of SERVICE_NAMES) {
    const child = spawn(process.execPath, serviceCommand(repoRoot, service), {
      env: {
        PATH: process.env['PATH'] ?? '',
        KAFKA_BROKERS: options.kafkaBrokers,
        DATABASE_URL: options.databaseUrl,
        KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(portOf(service)),
        LOG_LEVEL: options.logLevel ?? 'debug',
        PARLEY_ADMIN_TOKEN: options.secrets.adminToken,
        PARLEY_DIRECTORY_CACHE_MS: '0',
        VONAGE_RATE_LONG_CODE_PER_SECOND: '50',
        ...(service === 'gateway'
          ? {
              ...gatewayVonageEnv(options.secrets, options.vonageApiHost, `http://127.0.0.1:${portOf('gateway')}`),
              PARLEY_IVR_MENU_URL: `http://127.0.0.1:${portOf('ivr-menu')}`,
              PARLEY_COMPLIANCE_FILTER_URL: `http://127.0.0.1:${portOf('compliance-filter')}`,
              PARLEY_ROUTING_URL: `http://127.0.0.1:${portOf('routing')}`,
              PARLEY_ARCHIVE_URL: `http://127.0.0.1:${portOf('archive')}`,
              PARLEY_REPORTING_URL: `http://127.0.0.1:${portOf('reporting')}`,
            }
          : {}),
        FRONT_DOOR_CONFIG_CACHE_MS: '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    children.set(service, child);
    output.set(service, lines);
  }
  const platform: RunningPlatform = {
    url: (service) => `http://127.0.0.1:${portOf(service)}`,
    logs: (service) => (output.get(service) ?? []).join(''),
    async stop() {
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) {
                resolve();
                return;
              }
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
  try {
    for (const service of SERVICE_NAMES) {
      await waitFor(`${service} to be ready`, async () => (await fetch(`${platform.url(service)}/readyz`)).status === 200, {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
    }
  } catch (error) {
    await platform.stop();
    throw error;
  }
  return platform;
}

/** The Vonage simulator, its webhooks aimed at the gateway that `startPlatform` runs, retrying quickly. */
export async function startPlatformSimulator(secrets: LocalSecrets): Promise<RunningSimulator> {
  const gateway = `http://127.0.0.1:${PORT_BASE + SERVICE_NAMES.indexOf('gateway')}`;
  return startVonageSimulator({
    ...simulatorAccountFor(secrets, gateway),
    retry: { initialMs: 100, maxMs: 1_000, giveUpAfterMs: 30_000 },
    statusDelayMs: 20,
  });
}

/** A conversation event as the end-to-end tests read it back from Kafka. */
export type ConversationEnvelope = { type: string; conversationId?: string; tenantId: string; payload: Record<string, unknown> };

/** A call to the gateway's operator API with the admin token, as an operator's script would make it. */
export async function callGatewayAdmin(platform: RunningPlatform, adminToken: string, path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${platform.url('gateway')}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Every event of one tenant on conversation.events so far. */
export async function tenantConversationEvents(kafka: KafkaTestClient, tenantId: string): Promise<ConversationEnvelope[]> {
  return (await kafka.readAll('conversation.events')).map((message) => JSON.parse(message.value ?? '{}') as ConversationEnvelope).filter((event) => event.tenantId === tenantId);
}
