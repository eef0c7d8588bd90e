import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TOPICS, type ServiceName } from '@parley/contracts';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import { startVonageSimulator, type RunningSimulator } from '@parley/vonage-simulator';
import WebSocket from 'ws';
import { generateLocalSecrets, simulatorAccountFor, type LocalSecrets } from '../src/local/local-credentials.ts';
import { fictionalNumber, freePort, startGateway, type RunningGateway } from './gateway-harness.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** The services the desk talks to behind the gateway, run from their builds as `npm start` runs them. */
const BACKING_SERVICES = ['compliance-filter', 'ivr-menu', 'routing', 'archive'] as const;
type BackingService = (typeof BACKING_SERVICES)[number];

export const DESK_PASSWORD = 'desk test passphrase 2026';

/** A backlog this long is a benchmark's or an earlier run's, not worth replaying before each test file. */
const EARLIER_TRAFFIC_TO_SKIP = 1_000;

/** The consumer groups of the services these tests run (as `<service>.<name>`, from each @EventConsumer). */
const CONSUMER_GROUPS: Readonly<Record<BackingService | 'gateway', readonly string[]>> = {
  gateway: ['sender', 'consent', 'diagnostics'],
  'compliance-filter': ['inbound', 'outbound', 'diagnostics'],
  'ivr-menu': ['texts', 'calls', 'closes', 'diagnostics'],
  routing: ['conversations', 'agent-commands', 'diagnostics'],
  archive: ['records', 'diagnostics'],
};

export interface DeskResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A desk as a browser holds it: the session cookie, the CSRF token, and the page's origin. */
export class DeskClient {
  cookie = '';
  csrfToken = '';

  constructor(
    readonly url: string,
    readonly origin: string,
  ) {}

  async login(tenant: string, email: string, password = DESK_PASSWORD): Promise<DeskResponse> {
    const response = await this.request('POST', '/api/session', { tenant, email, password });
    if (response.status === 200) {
      this.csrfToken = String(response.body['csrfToken']);
    }
    return response;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<DeskResponse<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        origin: this.origin,
        ...(this.cookie === '' ? {} : { cookie: this.cookie }),
        ...(options.csrf !== false && this.csrfToken !== '' && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('parley_session='));
    if (setCookie) {
      const value = setCookie.split(';')[0] ?? '';
      this.cookie = value === 'parley_session=' ? '' : value;
    }
    const text = await response.text();
    const parsed = text === '' ? {} : response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : { text };
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** Opens the live WebSocket with the session cookie and the page's origin, collecting every frame. */
  async live(options: { origin?: string } = {}): Promise<LiveSocket> {
    return LiveSocket.open(`${this.url.replace(/^http/, 'ws')}/api/live`, { cookie: this.cookie, origin: options.origin ?? this.origin });
  }
}

export type LiveFrame = { type: string; event?: { eventId: string; type: string; conversationId?: string; causationId?: string; payload: Record<string, unknown> } } & Record<string, unknown>;

/** A desk's live connection: every frame it received, and a way to wait for one. */
export class LiveSocket {
  readonly frames: LiveFrame[] = [];
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as LiveFrame);
    });
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static async open(url: string, headers: { cookie: string; origin: string }): Promise<LiveSocket> {
    const socket = new WebSocket(url, { headers: { ...(headers.cookie === '' ? {} : { cookie: headers.cookie }), origin: headers.origin } });
    const live = new LiveSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      socket.once('error', reject);
    });
    await waitFor('the ready frame', () => live.frames.find((frame) => frame.type === 'ready'), { timeoutMs: 10_000 });
    return live;
  }

  /** Resolves with the upgrade's answer: the HTTP status when refused, 101 when it opened. */
  static async tryOpen(url: string, headers: Record<string, string>): Promise<number> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve) => {
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', () => resolve(0));
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  events(): NonNullable<LiveFrame['event']>[] {
    return this.frames.flatMap((frame) => (frame.type === 'event' && frame.event ? [frame.event] : []));
  }

  async next(what: string, predicate: (frame: LiveFrame) => boolean, timeoutMs = 30_000): Promise<LiveFrame> {
    return waitFor(what, () => this.frames.find(predicate), { timeoutMs, intervalMs: 25 });
  }

  async event(what: string, predicate: (event: NonNullable<LiveFrame['event']>) => boolean, timeoutMs = 30_000): Promise<NonNullable<LiveFrame['event']>> {
    return waitFor(what, () => this.events().find(predicate), { timeoutMs, intervalMs: 25 });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) {
      return;
    }
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** An event as it travelled on Kafka. */
export interface RecordedEvent {
  eventId: string;
  type: string;
  tenantId: string;
  conversationId?: string;
  causationId?: string;
  payload: Record<string, unknown>;
  topic: string;
}

export interface DeskTenant {
  tenantId: string;
  slug: string;
  numberId: string;
  business: string;
  /** Emails of the users made for each role; agents by their agent id. */
  users: { admin: string; supervisor: string; compliance: string; agents: Record<string, string> };
  agentIds: string[];
}

/**
 * The gateway in this process (so tests can run two of them) in front of the other services run from their builds,
 * the Vonage simulator as the carrier, and helpers to provision tenants and act as their users and customers.
 */
export class DeskPlatform {
  readonly secrets: LocalSecrets = generateLocalSecrets();
  readonly kafka: KafkaTestClient;
  readonly gateways: RunningGateway[] = [];
  simulator!: RunningSimulator;
  readonly #env = testEnvironment();
  readonly #children = new Map<BackingService, ChildProcess>();
  readonly #ports = new Map<BackingService, number>();
  readonly #output = new Map<BackingService, string[]>();
  readonly #recorded: RecordedEvent[] = [];
  #stopRecording: (() => Promise<void>) | undefined;

  constructor() {
    this.kafka = new KafkaTestClient(this.#env.kafkaBrokers);
  }

  get gateway(): RunningGateway {
    const first = this.gateways[0];
    if (!first) {
      throw new Error('no gateway started');
    }
    return first;
  }

  async start(options: { gatewayEnv?: Record<string, string>; gateways?: number } = {}): Promise<void> {
    await this.kafka.connect();
    await this.#skipEarlierTraffic();
    this.#stopRecording = await this.kafka.follow(['conversation.events', 'agent.events', 'agent.commands', 'sms.outbound.requested'], (message) => {
      this.#recorded.push({ ...(JSON.parse(message.value ?? '{}') as Omit<RecordedEvent, 'topic'>), topic: message.topic });
    });
    const gatewayPorts = await Promise.all(Array.from({ length: options.gateways ?? 1 }, () => freePort()));
    const firstGatewayUrl = `http://127.0.0.1:${gatewayPorts[0]}`;
    this.simulator = await startVonageSimulator({
      ...simulatorAccountFor(this.secrets, firstGatewayUrl),
      retry: { initialMs: 100, maxMs: 1_000, giveUpAfterMs: 30_000 },
      statusDelayMs: 20,
    });
    for (const service of BACKING_SERVICES) {
      this.#ports.set(service, await freePort());
    }
    for (const service of BACKING_SERVICES) {
      this.#spawn(service);
    }
    for (const service of BACKING_SERVICES) {
      await waitFor(`${service} to be ready`, async () => (await fetch(`${this.serviceUrl(service)}/readyz`).catch(() => undefined))?.status === 200, {
        timeoutMs: 90_000,
        intervalMs: 200,
      });
    }
    for (const port of gatewayPorts) {
      const gateway = await startGateway({
        kafkaBrokers: this.#env.kafkaBrokers,
        databaseUrl: this.#env.databaseUrl,
        secrets: this.secrets,
        vonageApiHost: this.simulator.url,
        port,
        env: {
          PARLEY_PUBLIC_URL: firstGatewayUrl,
          PARLEY_DESK_ORIGINS: gatewayPorts.map((other) => `http://127.0.0.1:${other}`).join(','),
          PARLEY_IVR_MENU_URL: this.serviceUrl('ivr-menu'),
          PARLEY_COMPLIANCE_FILTER_URL: this.serviceUrl('compliance-filter'),
          PARLEY_ROUTING_URL: this.serviceUrl('routing'),
          PARLEY_ARCHIVE_URL: this.serviceUrl('archive'),
          PARLEY_COMMAND_WAIT_MS: '10000',
          PARLEY_LIVE_PUSH_INTERVAL_MS: '500',
          ...options.gatewayEnv,
        },
      });
      this.gateways.push(gateway);
      await waitFor('the gateway to be ready', async () => (await fetch(`${gateway.url}/readyz`)).status === 200, { timeoutMs: 60_000 });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((gateway) => gateway.stop()));
    await Promise.all(
      [...this.#children.values()].map(
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
    await this.simulator?.stop();
    await this.#stopRecording?.();
    await this.kafka.disconnect();
  }

  /**
   * The shared development broker keeps what benchmarks and earlier runs left on the topics; the services' groups
   * start at the end of it, so these tests wait only on their own traffic.
   */
  async #skipEarlierTraffic(): Promise<void> {
    await Promise.all(
      (Object.entries(CONSUMER_GROUPS) as Array<[ServiceName, readonly string[]]>).flatMap(([service, names]) => {
        const topics = TOPICS.filter((topic) => (topic.consumers as readonly ServiceName[]).includes(service)).map((topic) => topic.name);
        return names.map(async (name) => {
          const groupId = `${service}.${name}`;
          for (const topic of topics) {
            if ((await this.kafka.lag(groupId, topic)) > EARLIER_TRAFFIC_TO_SKIP) {
              await this.kafka.startGroupAtEnd(groupId, [topic]);
            }
          }
        });
      }),
    );
  }

  /** The events of these topics published since the platform started, of one tenant. */
  events(tenantId: string, predicate: (event: RecordedEvent) => boolean = () => true): RecordedEvent[] {
    return this.#recorded.filter((event) => event.tenantId === tenantId && predicate(event));
  }

  /** Waits for matching events, then for their count to hold still for `settleMs`, so "exactly one" means no copy came. */
  async settledEvents(tenantId: string, predicate: (event: RecordedEvent) => boolean, settleMs = 1_500): Promise<RecordedEvent[]> {
    await waitFor('matching events', () => this.events(tenantId, predicate).length > 0, { timeoutMs: 30_000 });
    let count = -1;
    while (count !== this.events(tenantId, predicate).length) {
      count = this.events(tenantId, predicate).length;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
    }
    return this.events(tenantId, predicate);
  }

  serviceUrl(service: BackingService): string {
    return `http://127.0.0.1:${this.#ports.get(service)}`;
  }

  logs(service: BackingService): string {
    return (this.#output.get(service) ?? []).join('');
  }

  /** A desk on the first gateway (or the one given), with that gateway's origin. */
  desk(gateway: RunningGateway = this.gateway): DeskClient {
    return new DeskClient(gateway.url, this.gateway.url);
  }

  async admin<T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown): Promise<DeskResponse<T>> {
    const response = await this.gateway.admin(path, { method, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T, headers: response.headers };
  }

  async #must(path: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await this.admin(path, method, body);
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }

  /**
   * A tenant with one number whose texts go straight to `support`, a `sales` queue, two dispositions, and active users:
   * an admin, a supervisor, a compliance officer and the given agents (capacity 3, routing profiles made by invitation).
   */
  async provisionTenant(agents: readonly string[] = ['ana', 'ben']): Promise<DeskTenant> {
    const slug = `desk-${randomUUID().slice(0, 8)}`;
    const tenant = await this.#must('/admin/tenants', 'POST', { slug, name: `Tenant ${slug}` });
    const tenantId = String(tenant['id']);
    const business = fictionalNumber();
    const number = await this.#must(`/admin/tenants/${tenantId}/numbers`, 'POST', { e164: business, label: 'Front desk' });
    const numberId = String(number['id']);
    await this.#must(`/admin/tenants/${tenantId}/queues/support`, 'PUT', { priority: 0, serviceLevelSeconds: 60 });
    await this.#must(`/admin/tenants/${tenantId}/queues/sales`, 'PUT', { priority: 0, serviceLevelSeconds: 60 });
    await this.#must(`/admin/tenants/${tenantId}/routing-settings`, 'PUT', { dispositions: ['resolved', 'follow-up'], offerTimeoutSeconds: 120 });
    await this.#must(`/admin/tenants/${tenantId}/numbers/${numberId}/front-door`, 'PUT', { businessName: 'Acme', queue: 'support' });
    const users = { admin: `admin@${slug}.test`, supervisor: `supervisor@${slug}.test`, compliance: `compliance@${slug}.test`, agents: {} as Record<string, string> };
    for (const role of ['admin', 'supervisor', 'compliance'] as const) {
      await this.#must(`/admin/tenants/${tenantId}/users`, 'POST', { email: users[role], displayName: `The ${role}`, role, password: DESK_PASSWORD });
    }
    const agentIds: string[] = [];
    for (const name of agents) {
      const email = `${name}@${slug}.test`;
      const created = await this.#must(`/admin/tenants/${tenantId}/users`, 'POST', {
        email,
        displayName: name,
        role: 'agent',
        agentProfile: { queues: ['support', 'sales'], capacity: 3 },
        password: DESK_PASSWORD,
      });
      const agentId = String((created['user'] as Record<string, unknown>)['agentId']);
      users.agents[agentId] = email;
      agentIds.push(agentId);
    }
    return { tenantId, slug, numberId, business, users, agentIds };
  }

  /** A customer texts the tenant's number through the carrier simulator; their number is returned. */
  text(tenant: DeskTenant, body: string, customer = customerNumber()): string {
    this.simulator.injectInboundSms({ from: customer.slice(1), to: tenant.business.slice(1), text: body });
    return customer;
  }

  /** Waits for the simulator to deliver a text to the customer. */
  async phoneGets(customer: string, predicate: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const message = await this.simulator.state.waitForMessage((candidate) => candidate.to === customer.slice(1) && predicate(candidate.text), timeoutMs);
    return message.text;
  }

  #spawn(service: BackingService): void {
    const child = spawn(process.execPath, ['--enable-source-maps', join(repoRoot, 'apps', service, 'dist', 'main.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        KAFKA_BROKERS: this.#env.kafkaBrokers,
        DATABASE_URL: this.#env.databaseUrl,
        KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(this.#ports.get(service)),
        LOG_LEVEL: 'warn',
        PARLEY_ADMIN_TOKEN: this.secrets.adminToken,
        FRONT_DOOR_CONFIG_CACHE_MS: '0',
        ROUTING_CONFIG_CACHE_MS: '0',
        ROUTING_SWEEP_INTERVAL_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    this.#children.set(service, child);
    this.#output.set(service, lines);
  }
}

export function customerNumber(): string {
  return `+4477009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
}

/** Signs in a tenant's user on a fresh desk. */
export async function signedIn(platform: DeskPlatform, tenant: DeskTenant, email: string): Promise<DeskClient> {
  const desk = platform.desk();
  const login = await desk.login(tenant.slug, email);
  if (login.status !== 200) {
    throw new Error(`login of ${email} answered ${login.status}: ${JSON.stringify(login.body)}`);
  }
  return desk;
}
