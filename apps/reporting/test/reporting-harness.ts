import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  agentStateChanged,
  conversationAssigned,
  conversationClosed,
  conversationEnded,
  conversationMessageReceived,
  conversationOffered,
  conversationQueued,
  conversationStarted,
  envelopeSchemaOf,
  findEventDefinition,
  findTopic,
  outboundMessageApproved,
  outboundMessageSent,
  routingQueuesChanged,
  voiceCallAnswered,
  voiceCallCompleted,
  voiceCallMenuSelected,
  voiceCallStarted,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
} from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig } from '@parley/platform/config';
import { applyMigrations } from '@parley/platform/migrations';
import { createLogger, MetricsRegistry } from '@parley/platform/observability';
import { KafkaTestClient, testEnvironment, waitFor, type GroupOffsets, type ReadMessage } from '@parley/platform/testing';
import { REPORTING_MIGRATIONS_DIR } from '@parley/reporting-data-access';
import { REPORTED_EVENTS } from '@parley/reporting-domain';
import pg from 'pg';
import { reportingConfigSchema } from '../src/config.ts';
import { EngineLeadership } from '../src/engine/engine-leadership.service.ts';

export const ADMIN_TOKEN = 'reporting-test-admin-token-0123456789';
const MINUTE = 60_000;
export const INTERVAL = 15 * MINUTE;
const REPORT_TOPICS = ['report.intervals', 'report.agent-intervals', 'report.conversations'];

export interface ReportMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly envelope: { eventId: string; type: string; tenantId: string; conversationId?: string; payload: Record<string, unknown> & { reportId: string; revision: number; final: boolean } };
}

/**
 * Runs reporting instances against the test broker and database in a schema of their own, so the engine starts empty
 * whatever earlier runs left, with its consumer group (named after the schema) starting at the end of every topic.
 * Tests drive the engine's clock with `tick`, since publication ticks are otherwise minutes apart.
 */
export class ReportingHarness {
  readonly kafka: KafkaTestClient;
  readonly schema = `reporting_it_${randomUUID().slice(0, 8)}`;
  readonly tenantId = `ten_${randomUUID().replaceAll('-', '')}`;
  readonly apps: NestFastifyApplication[] = [];
  readonly reports: ReportMessage[] = [];
  readonly deadLetters: ReadMessage[] = [];
  /** Published rows that their topic's event schema refuses; a test run ends with none. */
  readonly invalidReports: { topic: string; type: string; issues: string[] }[] = [];
  readonly db: pg.Pool;
  readonly #env = testEnvironment();
  #stopFollowing: (() => Promise<void>) | undefined;

  constructor() {
    this.kafka = new KafkaTestClient(this.#env.kafkaBrokers);
    this.db = new pg.Pool({ connectionString: this.#env.databaseUrl, max: 3, options: `-c search_path=${this.schema}` });
  }

  get groupId(): string {
    return `reporting.engine.${this.schema}`;
  }

  #startedAt: GroupOffsets = new Map();

  async setUp(): Promise<void> {
    await applyMigrations({ databaseUrl: this.#env.databaseUrl, schema: this.schema, migrationsDir: REPORTING_MIGRATIONS_DIR });
    await this.kafka.connect();
    const topics = [...new Set([...REPORTED_EVENTS.map((definition) => definition.topic), routingQueuesChanged.topic])];
    this.#startedAt = await this.kafka.startGroupAtEnd(this.groupId, topics);
    this.#stopFollowing = await this.kafka.follow([...REPORT_TOPICS, ...topics.map((topic) => `${topic}.dlq`)], (message) => {
      if (message.topic.endsWith('.dlq')) {
        if (message.value?.includes(this.tenantId)) {
          this.deadLetters.push(message);
        }
        return;
      }
      const envelope = JSON.parse(message.value ?? '{}') as ReportMessage['envelope'];
      if (envelope.tenantId === this.tenantId) {
        this.reports.push({ topic: message.topic, key: message.key, envelope });
        // Every published row is checked against its event's schema, the one its JSON Schema is generated from.
        const definition = findEventDefinition(envelope.type, Number((envelope as unknown as { schemaVersion?: unknown }).schemaVersion));
        const checked = definition === undefined ? undefined : envelopeSchemaOf(definition).safeParse(envelope);
        if (definition === undefined || definition.topic !== message.topic || !checked?.success) {
          this.invalidReports.push({ topic: message.topic, type: envelope.type, issues: checked?.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? ['no such event on this topic'] });
        }
      }
    });
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.close()));
    await this.#stopFollowing?.();
    await this.kafka.disconnect();
    await this.db.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.db.end();
  }

  async startInstance(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const config = loadConfig('reporting', reportingConfigSchema, {
      KAFKA_BROKERS: this.#env.kafkaBrokers,
      DATABASE_URL: this.#env.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
      REPORTING_PUBLISH_INTERVAL_MS: '300000',
      REPORTING_SNAPSHOT_INTERVAL_MS: '3600000',
      REPORTING_LEASE_RETRY_MS: '200',
      LOG_LEVEL: 'warn',
      ...env,
    });
    const { AppModule } = await import('../src/app.module.ts');
    const app = await createServiceApp({
      service: 'reporting',
      config,
      appModule: AppModule,
      logger: createLogger({ service: 'reporting', level: 'warn' }),
      metrics: new MetricsRegistry('reporting', { collectProcessMetrics: false }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = await app.getUrl();
    await waitFor('readiness', async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 60_000 });
    this.apps.push(app);
    return app;
  }

  async stopInstance(app: NestFastifyApplication): Promise<void> {
    this.apps.splice(this.apps.indexOf(app), 1);
    await app.close();
  }

  /** The instance holding the lease (by the lease row), once it has loaded the engine and joined its consumer group. */
  async leader(): Promise<NestFastifyApplication> {
    return waitFor(
      'an instance running the engine',
      async () => {
        const { rows } = await this.db.query<{ holder: string | null }>('SELECT holder FROM engine_lease WHERE id = 1');
        const app = this.apps.find((candidate) => candidate.get(EngineLeadership).holder === rows[0]?.holder);
        if (app?.get(EngineLeadership).role !== 'active') {
          return undefined;
        }
        const ready = (await (await fetch(`${await app.getUrl()}/readyz`)).json()) as { checks: Record<string, { ready: boolean }> };
        return ready.checks[`consumer:${this.groupId}`]?.ready ? app : undefined;
      },
      { timeoutMs: 60_000 },
    );
  }

  async leaseEpoch(): Promise<number> {
    const { rows } = await this.db.query<{ epoch: string }>('SELECT epoch FROM engine_lease WHERE id = 1');
    return Number(rows[0]?.epoch);
  }

  /** A publication at `at` on the tests' clock, with the input counted as having got that far. */
  async tick(at: Date): Promise<void> {
    await (await this.leader()).get(EngineLeadership).tick(at, at);
  }

  async publish(events: readonly EventOf<EventDefinition>[]): Promise<void> {
    for (const event of events) {
      const topic = findTopic(definitionTopic(event));
      const source = topic?.key.source;
      const key =
        source === 'conversationId' || source === 'tenantId'
          ? event[source]
          : source
            ? ((event.payload as Record<string, string>)[source.payloadField] ?? event.tenantId)
            : event.tenantId;
      await this.kafka.produce(topic?.name ?? '', [{ key, value: JSON.stringify(event) }]);
    }
  }

  /**
   * Waits until the engine's group has committed everything on these events' topics: it commits a partition's
   * messages only after the engine recorded them (applied, a duplicate of an applied one, or dead-lettered).
   */
  async untilHandled(events: readonly EventOf<EventDefinition>[]): Promise<void> {
    const topics = [...new Set(events.map((event) => findTopic(definitionTopic(event))?.name ?? ''))];
    await waitFor(
      `${events.length} events handled`,
      async () => ((await Promise.all(topics.map((topic) => this.kafka.lag(this.groupId, topic)))).every((lag) => lag === 0) ? true : undefined),
      { timeoutMs: 30_000 },
    );
  }

  /** Every message on the engine's topics since the harness started: its group has committed them all. */
  async untilCaughtUp(): Promise<void> {
    await waitFor(
      'the engine caught up',
      async () => ((await Promise.all([...this.#startedAt.keys()].map((topic) => this.kafka.lag(this.groupId, topic)))).every((lag) => lag === 0) ? true : undefined),
      { timeoutMs: 30_000 },
    );
  }

  /** Sets the engine's group back to where the harness started it (every instance must be stopped). */
  async rewindGroup(): Promise<void> {
    await this.kafka.setGroupOffsets(this.groupId, this.#startedAt);
  }

  /** The latest version of each report row received so far, by report id. */
  latest(topic: string): Map<string, ReportMessage['envelope']['payload']> {
    const latest = new Map<string, ReportMessage['envelope']['payload']>();
    for (const { envelope } of this.reports.filter((report) => report.topic === topic)) {
      const known = latest.get(envelope.payload.reportId);
      if (!known || known.revision < envelope.payload.revision) {
        latest.set(envelope.payload.reportId, envelope.payload);
      }
    }
    return latest;
  }

  async untilReport(description: string, topic: string, matches: (payload: ReportMessage['envelope']['payload']) => boolean): Promise<ReportMessage['envelope']['payload']> {
    return waitFor(description, async () => [...this.latest(topic).values()].find(matches), { timeoutMs: 30_000 });
  }

  async admin(app: NestFastifyApplication, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${await app.getUrl()}/admin/tenants/${this.tenantId}/reports${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
}

function definitionTopic(event: EventOf<EventDefinition>): string {
  const definition = [...REPORTED_EVENTS, routingQueuesChanged].find((candidate) => candidate.type === event.type);
  return definition?.topic ?? 'conversation.events';
}

/** Builds a tenant's events at instants given as minutes after `start`. */
export class EventScript {
  readonly #tenantId: string;
  readonly #start: number;

  constructor(tenantId: string, start: Date) {
    this.#tenantId = tenantId;
    this.#start = start.getTime();
  }

  at(minutes: number): Date {
    return new Date(this.#start + minutes * MINUTE);
  }

  #event<T extends EventDefinition>(definition: T, minutes: number, payload: PayloadOf<T>, conversationId?: string): EventOf<T> {
    return buildEvent(definition, payload, { tenantId: this.#tenantId, occurredAt: this.at(minutes), ...(conversationId ? { conversationId } : {}) });
  }

  #iso(minutes: number): string {
    return this.at(minutes).toISOString();
  }

  agentAvailable(agentId: string, minutes: number): EventOf<typeof agentStateChanged> {
    return this.#event(agentStateChanged, minutes, {
      agentId,
      presence: 'available',
      connected: true,
      active: true,
      onCall: false,
      capacity: 2,
      load: 0,
      conversations: 0,
      offers: 0,
      cause: 'presence',
      at: this.#iso(minutes),
    });
  }

  queueSettings(queues: Record<string, number>, minutes: number): EventOf<typeof routingQueuesChanged> {
    return this.#event(routingQueuesChanged, minutes, {
      queues: Object.entries(queues).map(([queue, serviceLevelSeconds]) => ({ queue, priority: 0, serviceLevelSeconds, overflow: null })),
      changedAt: this.#iso(minutes),
    });
  }

  /** A text conversation that starts and waits in `queue`. */
  arrives(conversationId: string, minutes: number, queue: string): EventOf<EventDefinition>[] {
    return [
      this.#event(
        conversationStarted,
        minutes,
        {
          threadId: `thr_${conversationId}`,
          businessNumberId: 'num_reporting_test',
          businessNumber: '+14155550100',
          customerNumber: '+14155550123',
          channel: 'sms',
          startedAt: this.#iso(minutes),
        },
        conversationId,
      ),
      this.#event(conversationMessageReceived, minutes, { messageId: `msg_${randomUUID().slice(0, 12)}`, text: '[screened]', findings: [], parts: 1, receivedAt: this.#iso(minutes) }, conversationId),
      this.#event(conversationQueued, minutes, { queue, priority: 0, queuedSince: this.#iso(minutes), reason: 'single-queue', queuedAt: this.#iso(minutes) }, conversationId),
    ];
  }

  /** Offered to and taken by `agentId`, who replies `replyAfter` minutes later. */
  answered(conversationId: string, minutes: number, agentId: string, queue: string, replyAfter: number): EventOf<EventDefinition>[] {
    const offerId = `off_${randomUUID().slice(0, 12)}`;
    const messageId = `msg_${randomUUID().slice(0, 12)}`;
    const reply = minutes + replyAfter;
    return [
      this.#event(conversationOffered, minutes, { offerId, agentId, queue, reason: 'longest-idle', attempt: 1, expiresAt: this.#iso(minutes + 1), offeredAt: this.#iso(minutes) }, conversationId),
      this.#event(conversationAssigned, minutes, { offerId, agentId, queue, autoAccepted: false, waitedSeconds: 0, assignedAt: this.#iso(minutes) }, conversationId),
      this.#event(
        outboundMessageApproved,
        reply,
        { messageId, businessNumber: '+14155550100', customerNumber: '+14155550123', text: 'Happy to help.', requestedBy: { kind: 'agent', agentId }, approvedAt: this.#iso(reply) },
        conversationId,
      ),
      this.#event(outboundMessageSent, reply, { messageId, carrierMessageId: `car_${messageId}`, encoding: 'gsm-7', segments: 1, sentAt: this.#iso(reply) }, conversationId),
    ];
  }

  closed(conversationId: string, minutes: number, agentId: string, queue: string): EventOf<typeof conversationClosed> {
    return this.#event(conversationClosed, minutes, { agentId, queue, disposition: 'resolved', closedAt: this.#iso(minutes) }, conversationId);
  }

  optedOut(conversationId: string, minutes: number): EventOf<typeof conversationEnded> {
    return this.#event(conversationEnded, minutes, { reason: 'opted-out', endedAt: this.#iso(minutes) }, conversationId);
  }

  /** A caller who chose `queue` in the voice menu and hung up while waiting. */
  abandonedCall(callId: string, minutes: number, queue: string): EventOf<EventDefinition>[] {
    const common = { callId, businessNumberId: 'num_reporting_test' };
    return [
      this.#event(voiceCallStarted, minutes, { ...common, businessNumber: '+14155550100', startedAt: this.#iso(minutes) }),
      this.#event(voiceCallAnswered, minutes, { ...common, answeredAt: this.#iso(minutes) }),
      this.#event(voiceCallMenuSelected, minutes, { ...common, digit: '1', queue, selectedAt: this.#iso(minutes) }),
      this.#event(voiceCallCompleted, minutes + 1, {
        ...common,
        outcome: 'abandoned',
        answeredAt: this.#iso(minutes),
        endedAt: this.#iso(minutes + 1),
        durationSeconds: 60,
        waitedSeconds: 55,
        carrierStatus: 'completed',
      }),
    ];
  }
}
