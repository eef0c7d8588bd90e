import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { opaqueIdSchema, type UntypedEnvelope } from '@parley/contracts';
import { newId, shouldDeliver, MESSAGE_EVENT_TYPES } from '@parley/gateway-domain';
import { PeriodicTask } from '@parley/platform/bootstrap';
import { APP_CONFIG } from '@parley/platform/config';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { RoutingClient } from '../admin/routing.client.ts';
import type { GatewayConfig } from '../config.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import { describeUser, type DeskPrincipal } from '../identity/desk-principal.ts';
import { SessionEvents, type SessionEnded, type SessionEndReason } from '../identity/session-events.ts';
import { SessionService } from '../identity/session.service.ts';
import { ConversationHolders } from './conversation-holders.ts';
import { DeskConnectionsService } from './desk-connections.service.ts';

/** Close code for a session that ended: the desk shows the login form rather than reconnecting. */
export const SESSION_ENDED_CLOSE_CODE = 4401;
const HEARTBEAT_INTERVAL_MS = 30_000;
/** A desk that lets this much pile up unread is too slow to follow; it is closed and reconnects afresh. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const deskMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), conversationId: opaqueIdSchema }),
  z.strictObject({ type: z.literal('unsubscribe'), conversationId: opaqueIdSchema }),
  z.strictObject({ type: z.literal('ping') }),
]);

interface LiveConnection {
  id: string;
  socket: WebSocket;
  principal: DeskPrincipal;
  /** The session cookie's token, kept in memory only, to check the session again while the socket is open. */
  token: string;
  subscriptions: Set<string>;
  isAlive: boolean;
}

const MESSAGE = new Set<string>(MESSAGE_EVENT_TYPES);

/**
 * The desks connected to this replica and what each may see: pushes every event the broadcast consumer hands over
 * to the users of its tenant it concerns, routing's live figures to supervisors and admins, answers subscriptions
 * after checking the conversation is the tenant's (and the agent's), and closes sockets whose session ended.
 */
@Injectable()
export class LiveHub implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #connections = new Map<string, LiveConnection>();
  readonly #heartbeat = new PeriodicTask(() => this.#beat(), HEARTBEAT_INTERVAL_MS);
  readonly #figures: PeriodicTask;
  #unsubscribeSessions: (() => void) | undefined;

  constructor(
    private readonly sessions: SessionService,
    private readonly sessionEvents: SessionEvents,
    private readonly deskConnections: DeskConnectionsService,
    private readonly routing: RoutingClient,
    private readonly holders: ConversationHolders,
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.#figures = new PeriodicTask(() => this.#pushFigures(), config.desk.livePushIntervalMs);
  }

  onApplicationBootstrap(): void {
    this.#unsubscribeSessions = this.sessionEvents.subscribe((ended) => this.#endSessions(ended));
    this.#heartbeat.start();
    this.#figures.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.#unsubscribeSessions?.();
    await Promise.all([this.#heartbeat.stop(), this.#figures.stop()]);
    await Promise.all([...this.#connections.values()].map((connection) => this.#close(connection, 1001, 'the gateway is stopping')));
  }

  /** A desk connected with a valid session; agents' desks are announced to routing first. */
  async open(socket: WebSocket, principal: DeskPrincipal, token: string): Promise<void> {
    const connection: LiveConnection = { id: newId('lc'), socket, principal, token, subscriptions: new Set(), isAlive: true };
    socket.on('pong', () => {
      connection.isAlive = true;
    });
    socket.on('message', (data, isBinary) => {
      void this.#onMessage(connection, isBinary ? undefined : Buffer.isBuffer(data) ? data.toString('utf8') : undefined);
    });
    socket.once('close', () => {
      void this.#forget(connection);
    });
    const agentId = principal.user.agentId;
    if (agentId !== null) {
      try {
        await this.deskConnections.opened({ connectionId: connection.id, tenantId: principal.tenant.id, agentId });
      } catch (error) {
        this.logger.warn({ err: error }, 'could not announce a desk connection; closing it for the desk to retry');
        socket.close(1011, 'try again');
        return;
      }
    }
    this.#connections.set(connection.id, connection);
    this.metrics.deskConnections.inc({ role: principal.user.role });
    this.#send(connection, { type: 'ready', connectionId: connection.id, user: describeUser(principal.user) });
    if (socket.readyState !== socket.OPEN) {
      await this.#forget(connection);
      return;
    }
    if (principal.user.role === 'supervisor' || principal.user.role === 'admin') {
      await this.#pushFiguresTo(principal.tenant.id, [connection]);
    }
  }

  /** Hands an event to every desk of its tenant it concerns. */
  async deliver(event: UntypedEnvelope): Promise<void> {
    const viewers = [...this.#connections.values()].filter((connection) => connection.principal.tenant.id === event.tenantId);
    const payload = (typeof event.payload === 'object' && event.payload !== null ? event.payload : {}) as Record<string, unknown>;
    const live = { type: event.type, payload };
    const conversationId = event.conversationId;
    let holder: string | null | undefined;
    if (conversationId !== undefined) {
      // Routing's events name their agents; only messages and the front door's end need to know who holds the conversation.
      const needsHolder = (MESSAGE.has(event.type) || event.type === 'conversation.ended') && viewers.some((viewer) => viewer.principal.user.agentId !== null);
      holder = await this.holders.holderOf(event.tenantId, conversationId, needsHolder);
    }
    const frame = {
      type: 'event',
      event: {
        eventId: event.eventId,
        type: event.type,
        ...(conversationId === undefined ? {} : { conversationId }),
        occurredAt: event.occurredAt,
        ...(event.causationId === undefined ? {} : { causationId: event.causationId }),
        payload,
      },
    };
    for (const viewer of viewers) {
      const subscribed = conversationId !== undefined && viewer.subscriptions.has(conversationId);
      if (shouldDeliver(live, { role: viewer.principal.user.role, agentId: viewer.principal.user.agentId, subscribedToConversation: subscribed }, holder)) {
        this.#send(viewer, frame);
      }
    }
    if (conversationId !== undefined) {
      this.holders.apply(event.tenantId, conversationId, live);
    }
  }

  async #onMessage(connection: LiveConnection, text: string | undefined): Promise<void> {
    const parsed = text === undefined || text.length > 4_096 ? undefined : deskMessageSchema.safeParse(safeJson(text));
    if (!parsed?.success) {
      this.#send(connection, { type: 'error', code: 'invalid', detail: 'Send { "type": "subscribe" | "unsubscribe", "conversationId" } or { "type": "ping" }.' });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ping':
        this.#send(connection, { type: 'pong' });
        return;
      case 'unsubscribe':
        connection.subscriptions.delete(message.conversationId);
        this.#send(connection, { type: 'unsubscribed', conversationId: message.conversationId });
        return;
      case 'subscribe':
        await this.#subscribe(connection, message.conversationId);
        return;
    }
  }

  async #subscribe(connection: LiveConnection, conversationId: string): Promise<void> {
    const { user, tenant } = connection.principal;
    if (user.role === 'compliance') {
      this.#send(connection, { type: 'error', code: 'forbidden', detail: 'Your role does not follow conversations live.', conversationId });
      return;
    }
    try {
      const conversation = await this.routing.conversation(tenant.id, conversationId);
      const isVisible = conversation !== undefined && (user.role !== 'agent' || conversation.agentId === user.agentId);
      if (!isVisible) {
        this.#send(connection, { type: 'error', code: 'not-found', detail: `No conversation ${conversationId}.`, conversationId });
        return;
      }
      connection.subscriptions.add(conversationId);
      this.#send(connection, { type: 'subscribed', conversationId });
    } catch {
      this.#send(connection, { type: 'error', code: 'unavailable', detail: 'Routing did not answer; try again.', conversationId });
    }
  }

  #send(connection: LiveConnection, frame: unknown): void {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) {
      return;
    }
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'too slow to follow; reconnect');
      return;
    }
    socket.send(JSON.stringify(frame));
  }

  #endSessions(ended: SessionEnded): void {
    for (const connection of this.#connections.values()) {
      const matches =
        (ended.sessionTokenHash !== undefined && connection.principal.sessionTokenHash === ended.sessionTokenHash) ||
        (ended.userId !== undefined && connection.principal.user.id === ended.userId);
      if (matches) {
        void this.#endSession(connection, ended.reason);
      }
    }
  }

  async #endSession(connection: LiveConnection, reason: SessionEndReason): Promise<void> {
    this.#send(connection, { type: 'session-ended', reason });
    await this.#close(connection, SESSION_ENDED_CLOSE_CODE, reason);
  }

  async #close(connection: LiveConnection, code: number, reason: string): Promise<void> {
    if (connection.socket.readyState === connection.socket.OPEN) {
      connection.socket.close(code, reason);
    }
    await this.#forget(connection);
  }

  async #forget(connection: LiveConnection): Promise<void> {
    if (!this.#connections.delete(connection.id)) {
      return;
    }
    this.metrics.deskConnections.dec({ role: connection.principal.user.role });
    const agentId = connection.principal.user.agentId;
    if (agentId !== null) {
      await this.deskConnections.closed({ connectionId: connection.id, tenantId: connection.principal.tenant.id, agentId }).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not record a closed desk connection; the stale sweep will');
      });
    }
  }

  /** Every 30 s: drop dead sockets, re-check sessions (which keeps an open desk's session alive), refresh connections. */
  async #beat(): Promise<void> {
    try {
      for (const connection of [...this.#connections.values()]) {
        if (!connection.isAlive) {
          connection.socket.terminate();
          await this.#forget(connection);
          continue;
        }
        connection.isAlive = false;
        connection.socket.ping();
        const resolved = await this.sessions.resolve(connection.token);
        if (typeof resolved === 'string') {
          await this.#endSession(connection, await this.sessions.endReasonOf(connection.token));
        } else {
          connection.principal = resolved;
        }
      }
      const agentConnections = [...this.#connections.values()].filter((connection) => connection.principal.user.agentId !== null);
      await this.deskConnections.refresh(agentConnections.map((connection) => connection.id));
      await this.deskConnections.closeAbandoned();
    } catch (error) {
      this.logger.warn({ err: error }, 'desk heartbeat failed; the next one retries');
    }
  }

  async #pushFigures(): Promise<void> {
    const watching = new Map<string, LiveConnection[]>();
    for (const connection of this.#connections.values()) {
      if (connection.principal.user.role === 'supervisor' || connection.principal.user.role === 'admin') {
        watching.set(connection.principal.tenant.id, [...(watching.get(connection.principal.tenant.id) ?? []), connection]);
      }
    }
    for (const [tenantId, connections] of watching) {
      await this.#pushFiguresTo(tenantId, connections);
    }
  }

  async #pushFiguresTo(tenantId: string, connections: readonly LiveConnection[]): Promise<void> {
    try {
      const live = await this.routing.live(tenantId);
      for (const connection of connections) {
        this.#send(connection, { type: 'live', live });
      }
    } catch (error) {
      this.logger.warn({ err: error, tenantId }, 'could not read routing\'s live view for the desks');
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
