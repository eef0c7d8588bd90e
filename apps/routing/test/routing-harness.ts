import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  agentAcceptRequested,
  agentCloseRequested,
  agentConnectionChanged,
  agentDeclineRequested,
  agentPresenceRequested,
  agentTransferRequested,
  conversationMessageReceived,
  conversationQueued,
  conversationStarted,
  outboundMessageApproved,
  type EventDefinition,
  type PayloadOf,
  type Presence,
  type TransferTarget,
} from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import { createServiceApp } from '@parley/platform/bootstrap';
import { loadConfig } from '@parley/platform/config';
import { createLogger, MetricsRegistry } from '@parley/platform/observability';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import { routingConfigSchema } from '../src/config.ts';

export type Envelope = { type: string; eventId: string; conversationId?: string; tenantId: string; occurredAt: string; payload: Record<string, unknown> };

export const ADMIN_TOKEN = 'routing-test-admin-token-0123456789';

/** Starts routing instances against the test broker and database, and speaks to them as the front door and the desk do. */
export class RoutingHarness {
  readonly kafka: KafkaTestClient;
  readonly apps: NestFastifyApplication[] = [];
  readonly tenantId = `ten_${randomUUID().replaceAll('-', '')}`;
  readonly #env = testEnvironment();
  #url = '';

  constructor() {
    this.kafka = new KafkaTestClient(this.#env.kafkaBrokers);
  }

  get url(): string {
    return this.#url;
  }

  async start(instances = 1, env: Record<string, string> = {}): Promise<void> {
    await this.kafka.connect();
    for (let index = 0; index < instances; index += 1) {
      const config = loadConfig('routing', routingConfigSchema, {
        KAFKA_BROKERS: this.#env.kafkaBrokers,
        DATABASE_URL: this.#env.databaseUrl,
        PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
        KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
        ROUTING_SWEEP_INTERVAL_MS: '200',
        ROUTING_CONFIG_CACHE_MS: '0',
        LOG_LEVEL: 'warn',
        ...env,
      });
      const { AppModule } = await import('../src/app.module.ts');
      const app = await createServiceApp({
        service: 'routing',
        config,
        appModule: AppModule,
        logger: createLogger({ service: 'routing', level: 'warn' }),
        metrics: new MetricsRegistry('routing', { collectProcessMetrics: false }),
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const appUrl = await app.getUrl();
      await waitFor('readiness', async () => (await fetch(`${appUrl}/readyz`)).status === 200, { timeoutMs: 30_000 });
      this.apps.push(app);
      this.#url ||= appUrl;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.close()));
    await this.kafka.disconnect();
  }

  async admin(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.#url}/admin/tenants/${this.tenantId}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  async put(path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await this.admin(path, 'PUT', body);
    if (response.status !== 200) {
      throw new Error(`PUT ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }

  async agent(agentId: string, profile: { queues: string[]; capacity: number; autoAccept?: boolean }, presence: Presence = 'available'): Promise<void> {
    await this.put(`/agents/${agentId}`, { displayName: agentId, autoAccept: false, ...profile });
    if (presence !== 'offline') {
      await this.command(agentPresenceRequested, { agentId, presence, requestedAt: new Date().toISOString() });
      await this.until(`${agentId} ${presence}`, (event) => event.type === 'agent.state.changed' && event.payload['agentId'] === agentId && event.payload['presence'] === presence);
    }
  }

  /** The front door's part: a conversation started by `customer` and queued. */
  async queue(options: { queue: string; priority?: number; customer?: string; queuedSince?: Date; businessNumberId?: string }): Promise<string> {
    const conversationId = `conv_${randomUUID().replaceAll('-', '')}`;
    const now = new Date().toISOString();
    const common = { tenantId: this.tenantId, conversationId, producer: 'ivr-menu' as const };
    const started = buildEvent(
      conversationStarted,
      {
        threadId: `thr_${randomUUID().slice(0, 12)}`,
        businessNumberId: options.businessNumberId ?? 'num_routing_test',
        businessNumber: '+14155550100',
        customerNumber: options.customer ?? customerNumber(),
        channel: 'sms',
        startedAt: now,
      },
      common,
    );
    const queued = buildEvent(
      conversationQueued,
      { queue: options.queue, priority: options.priority ?? 0, queuedSince: (options.queuedSince ?? new Date()).toISOString(), reason: 'menu', queuedAt: now },
      common,
    );
    await this.kafka.produce('conversation.events', [
      { key: conversationId, value: JSON.stringify(started) },
      { key: conversationId, value: JSON.stringify(queued) },
    ]);
    return conversationId;
  }

  async customerWrites(conversationId: string): Promise<void> {
    const event = buildEvent(
      conversationMessageReceived,
      { messageId: `msg_${randomUUID().slice(0, 12)}`, text: 'thanks', findings: [], parts: 1, receivedAt: new Date().toISOString() },
      { tenantId: this.tenantId, conversationId, producer: 'ivr-menu' },
    );
    await this.kafka.produce('conversation.events', [{ key: conversationId, value: JSON.stringify(event) }]);
  }

  async agentReplies(conversationId: string, agentId: string): Promise<void> {
    const event = buildEvent(
      outboundMessageApproved,
      {
        messageId: `msg_${randomUUID().slice(0, 12)}`,
        businessNumber: '+14155550100',
        customerNumber: '+14155550199',
        text: 'How can I help?',
        purpose: 'conversation',
        requestedBy: { kind: 'agent', agentId },
        approvedAt: new Date().toISOString(),
      },
      { tenantId: this.tenantId, conversationId, producer: 'compliance-filter' },
    );
    await this.kafka.produce('conversation.events', [{ key: conversationId, value: JSON.stringify(event) }]);
  }

  /** Sends a command as the gateway would, for this tenant unless told otherwise; returns its id. */
  async command<TDefinition extends EventDefinition>(
    definition: TDefinition,
    payload: PayloadOf<TDefinition>,
    options: { conversationId?: string; tenantId?: string } = {},
  ): Promise<string> {
    const event = buildEvent(definition, payload, {
      tenantId: options.tenantId ?? this.tenantId,
      producer: 'gateway',
      ...(options.conversationId ? { conversationId: options.conversationId } : {}),
    });
    await this.kafka.produce('agent.commands', [{ key: String((payload as { agentId: string }).agentId), value: JSON.stringify(event) }]);
    return event.eventId;
  }

  accept(agentId: string, conversationId: string, offerId: string): Promise<string> {
    return this.command(agentAcceptRequested, { agentId, offerId, requestedAt: new Date().toISOString() }, { conversationId });
  }

  decline(agentId: string, conversationId: string, offerId: string): Promise<string> {
    return this.command(agentDeclineRequested, { agentId, offerId, requestedAt: new Date().toISOString() }, { conversationId });
  }

  close(agentId: string, conversationId: string, disposition = 'resolved'): Promise<string> {
    return this.command(agentCloseRequested, { agentId, disposition, requestedAt: new Date().toISOString() }, { conversationId });
  }

  transfer(agentId: string, conversationId: string, target: TransferTarget, note?: string): Promise<string> {
    return this.command(agentTransferRequested, { agentId, target, ...(note ? { note } : {}), requestedAt: new Date().toISOString() }, { conversationId });
  }

  presence(agentId: string, presence: Presence, reason?: string): Promise<string> {
    return this.command(agentPresenceRequested, { agentId, presence, ...(reason ? { reason } : {}), requestedAt: new Date().toISOString() });
  }

  connection(agentId: string, connected: boolean): Promise<string> {
    return this.command(agentConnectionChanged, { agentId, connected, at: new Date().toISOString() });
  }

  /** Every event routing published for this tenant so far, conversation and agent events in topic order. */
  async events(): Promise<Envelope[]> {
    const [conversations, agents] = await Promise.all([this.kafka.readAll('conversation.events'), this.kafka.readAll('agent.events')]);
    return [...conversations, ...agents]
      .map((message) => JSON.parse(message.value ?? '{}') as Envelope & { producer: string })
      .filter((event) => event.tenantId === this.tenantId && event.producer === 'routing');
  }

  async until(what: string, predicate: (event: Envelope) => boolean, timeoutMs = 20_000): Promise<Envelope> {
    return waitFor(
      what,
      async () => (await this.events()).find(predicate),
      { timeoutMs, intervalMs: 150 },
    );
  }

  /** The first offer or automatic assignment of the conversation after `after` events of it. */
  async offerOf(conversationId: string, nth = 1): Promise<Envelope> {
    return waitFor(
      `offer ${nth} of ${conversationId}`,
      async () => (await this.events()).filter((event) => event.conversationId === conversationId && (event.type === 'conversation.offered' || (event.type === 'conversation.assigned' && event.payload['autoAccepted'] === true)))[nth - 1],
      { timeoutMs: 20_000, intervalMs: 150 },
    );
  }

  async rejection(commandId: string): Promise<Envelope> {
    return this.until(`rejection of ${commandId}`, (event) => event.type === 'agent.command.rejected' && event.payload['commandId'] === commandId);
  }

  async routingOf(conversationId: string): Promise<Record<string, unknown>> {
    const response = await this.admin(`/conversations/${conversationId}/routing`);
    return response.body['conversation'] as Record<string, unknown>;
  }
}

export function customerNumber(): string {
  return `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}
