import type { RoutingQueue } from '@parley/routing-domain';
import { PROCESSED_EVENTS_TABLE } from '@parley/platform/persistence';
import type pg from 'pg';
import type { AgentRecord, ConversationRecord, HeldConversation, OfferWrite, OutboxEntry, WaitingCandidate } from './routing.records.ts';
import { AGENT_COLUMNS, channelOf, CONVERSATION_COLUMNS, HELD_COLUMNS, toAgent, toConversation, toHeld, type AgentRow, type ConversationRow, type HeldRow } from './routing.rows.ts';

interface QueueRow {
  queue: string;
  priority: number;
  service_level_seconds: number;
  overflow_after_seconds: number | null;
  overflow_to: string | null;
}

export function toQueue(row: QueueRow): RoutingQueue {
  return {
    key: row.queue,
    priority: row.priority,
    serviceLevelSeconds: row.service_level_seconds,
    ...(row.overflow_to !== null && row.overflow_after_seconds !== null
      ? { overflow: { afterSeconds: row.overflow_after_seconds, toQueue: row.overflow_to } }
      : {}),
  };
}

export const QUEUE_COLUMNS = 'queue, priority, service_level_seconds, overflow_after_seconds, overflow_to';

/**
 * Routing's reads and writes inside one database transaction, in plain SQL on the service's pool. Writes that add
 * load to an agent happen only after `lockTenant`, so the tenant's assigners take turns and each sees the loads the
 * previous one committed.
 */
export class RoutingTransaction {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  /** Records that this consumer handled the event; false when it already had (a redelivery). */
  async claim(consumer: string, eventId: string): Promise<boolean> {
    const result = await this.#client.query({
      name: 'routing-claim-event',
      text: `INSERT INTO ${PROCESSED_EVENTS_TABLE} (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
      values: [consumer, eventId],
    });
    return result.rowCount === 1;
  }

  /** Serialises every change that adds load within the tenant, across all instances, until the transaction ends. */
  async lockTenant(tenantId: string): Promise<void> {
    await this.#client.query({
      name: 'routing-lock-tenant',
      text: `SELECT pg_advisory_xact_lock(hashtextextended('routing:' || $1, 0))`,
      values: [tenantId],
    });
  }

  /** Notes a conversation the front door started; a later queued event finds who the customer is. */
  async recordStarted(input: {
    conversationId: string;
    tenantId: string;
    businessNumberId: string;
    customerNumber: string;
    startedAt: Date;
  }): Promise<void> {
    await this.#client.query({
      name: 'routing-record-started',
      text: `INSERT INTO conversations (conversation_id, tenant_id, business_number_id, customer_number, stage, started_at)
             VALUES ($1, $2, $3, $4, 'front-door', $5)
             ON CONFLICT (conversation_id) DO UPDATE
               SET business_number_id = COALESCE(conversations.business_number_id, EXCLUDED.business_number_id),
                   customer_number = COALESCE(conversations.customer_number, EXCLUDED.customer_number)
             WHERE conversations.tenant_id = EXCLUDED.tenant_id`,
      values: [input.conversationId, input.tenantId, input.businessNumberId, input.customerNumber, input.startedAt],
    });
  }

  /** The conversation locked until the transaction ends, opening a front-door row first when routing has not seen it. */
  async lockOrOpenConversation(tenantId: string, conversationId: string, now: Date): Promise<ConversationRecord | undefined> {
    await this.#client.query({
      name: 'routing-open-conversation',
      text: `INSERT INTO conversations (conversation_id, tenant_id, stage, started_at) VALUES ($1, $2, 'front-door', $3)
             ON CONFLICT (conversation_id) DO NOTHING`,
      values: [conversationId, tenantId, now],
    });
    return this.lockConversation(tenantId, conversationId);
  }

  /** The tenant's conversation, locked; undefined for an id of another tenant as for one that does not exist. */
  async lockConversation(tenantId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.#client.query<ConversationRow>({
      name: 'routing-lock-conversation',
      text: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE conversation_id = $1 AND tenant_id = $2 FOR UPDATE`,
      values: [conversationId, tenantId],
    });
    return rows[0] ? toConversation(rows[0]) : undefined;
  }

  async saveConversation(record: ConversationRecord, now: Date): Promise<void> {
    await this.#client.query({
      name: 'routing-save-conversation',
      text: `UPDATE conversations SET
               business_number_id = $3, customer_number = $4, channel = $5, stage = $6, queue = $7, priority = $8,
               queued_since = $9, at_front = $10, agent_id = $11, offer_id = $12, offer_attempts = $13, offer_expires_at = $14,
               offer_reason = $15, excluded_agents = $16, preferred_agent_id = $17, preferred_until = $18,
               waiting_on_customer_since = $19, assigned_at = $20, closed_at = $21, disposition = $22, updated_at = $23
             WHERE conversation_id = $1 AND tenant_id = $2`,
      values: [
        record.conversationId,
        record.tenantId,
        record.businessNumberId,
        record.customerNumber,
        record.channel,
        record.stage,
        record.queue,
        record.priority,
        record.queuedSince,
        record.atFront,
        record.agentId,
        record.offerId,
        record.offerAttempts,
        record.offerExpiresAt,
        record.offerReason,
        record.excludedAgents,
        record.preferredAgentId,
        record.preferredUntil,
        record.waitingOnCustomerSince,
        record.assignedAt,
        record.closedAt,
        record.disposition,
        now,
      ],
    });
  }

  async lockAgent(tenantId: string, agentId: string): Promise<AgentRecord | undefined> {
    const { rows } = await this.#client.query<AgentRow>({
      name: 'routing-lock-agent',
      text: `SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 AND agent_id = $2 FOR UPDATE`,
      values: [tenantId, agentId],
    });
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  /** The agent without a lock, for describing their state; changes go through `lockAgent`, under the tenant lock. */
  async readAgent(tenantId: string, agentId: string): Promise<AgentRecord | undefined> {
    const { rows } = await this.#client.query<AgentRow>({
      name: 'routing-read-agent',
      text: `SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 AND agent_id = $2`,
      values: [tenantId, agentId],
    });
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  async saveAgent(record: AgentRecord, now: Date): Promise<void> {
    await this.#client.query({
      name: 'routing-save-agent',
      text: `UPDATE agents SET display_name = $3, queues = $4, capacity = $5, auto_accept = $6, presence = $7, presence_reason = $8,
               connected = $9, on_call_id = $10, active = $11, unavailable_since = $12, last_assigned_at = $13, updated_at = $14
             WHERE tenant_id = $1 AND agent_id = $2`,
      values: [
        record.tenantId,
        record.agentId,
        record.displayName,
        record.queues,
        record.capacity,
        record.autoAccept,
        record.presence,
        record.presenceReason,
        record.connected,
        record.onCallId,
        record.active,
        record.unavailableSince,
        record.lastAssignedAt,
        now,
      ],
    });
  }

  /** The conversations offered to or held by the tenant's agents (all of them, or those listed), for summing loads. */
  async heldConversations(tenantId: string, agentIds?: readonly string[]): Promise<HeldConversation[]> {
    const { rows } = await this.#client.query<HeldRow>({
      name: agentIds ? 'routing-held-by-agents' : 'routing-held-in-tenant',
      text: `SELECT ${HELD_COLUMNS} FROM conversations
             WHERE tenant_id = $1 AND stage IN ('offered', 'assigned')${agentIds ? ' AND agent_id = ANY($2::text[])' : ''}`,
      values: agentIds ? [tenantId, agentIds] : [tenantId],
    });
    return rows.map(toHeld);
  }

  /** The conversations the agent is offered or holds, locked. */
  async lockHeldBy(tenantId: string, agentId: string): Promise<ConversationRecord[]> {
    const { rows } = await this.#client.query<ConversationRow>({
      name: 'routing-lock-held-by',
      text: `SELECT ${CONVERSATION_COLUMNS} FROM conversations
             WHERE tenant_id = $1 AND agent_id = $2 AND stage IN ('offered', 'assigned')
             ORDER BY conversation_id FOR UPDATE`,
      values: [tenantId, agentId],
    });
    return rows.map(toConversation);
  }

  /**
   * The agents who could take an SMS conversation now: active, available, at their desk, not on a call, and with at
   * least one conversation of room. The load here is a pre-filter in SQL that mirrors the domain's weights, so a round
   * reads only these agents; the caller sums their exact load with the domain's rule before planning.
   */
  async agentsWithRoom(tenantId: string, policy: { waitingOnCustomerWeight: number; waitingOnCustomerAfterSeconds: number }, now: Date): Promise<AgentRecord[]> {
    const quietBefore = new Date(now.getTime() - policy.waitingOnCustomerAfterSeconds * 1000);
    const { rows } = await this.#client.query<AgentRow>({
      name: 'routing-agents-with-room',
      // A lookup per agent on the held-conversations index: its plan does not depend on table statistics, which a
      // grouped join's does (after a burst of inserts, before autovacuum analyses, it can turn quadratic).
      text: `SELECT ${AGENT_COLUMNS.replace(/(\w+)/g, 'a.$1')} FROM agents a
             WHERE a.tenant_id = $1 AND a.active AND a.presence = 'available' AND a.connected AND a.on_call_id IS NULL
               AND a.capacity - COALESCE((
                 SELECT sum(CASE WHEN c.channel = 'voice' THEN a.capacity WHEN c.waiting_on_customer_since < $2 THEN $3::float8 ELSE 1.0 END)
                 FROM conversations c WHERE c.tenant_id = a.tenant_id AND c.agent_id = a.agent_id AND c.stage IN ('offered', 'assigned')
               ), 0) >= 0.999999`,
      values: [tenantId, quietBefore, policy.waitingOnCustomerWeight],
    });
    return rows.map(toAgent);
  }

  /**
   * The head of each listed queue's line in serving order (priority, handed back, age), as many as the queue's `limit`,
   * skipping conversations every listed agent of the queue has declined: a round can place at most as many as its
   * agents have room for, so it need not read the whole backlog, and a run of declined conversations cannot hide the
   * ones behind them.
   */
  async waitingCandidates(tenantId: string, heads: ReadonlyArray<{ queue: string; limit: number; agents: readonly string[] }>): Promise<WaitingCandidate[]> {
    const { rows } = await this.#client.query<{
      conversation_id: string;
      queue: string;
      priority: number;
      queued_since: Date;
      at_front: boolean;
      channel: string;
      excluded_agents: string[];
      preferred_agent_id: string | null;
      preferred_until: Date | null;
    }>({
      name: 'routing-waiting-candidates',
      text: `SELECT w.* FROM jsonb_to_recordset($2::jsonb) AS q(queue text, head int, agents jsonb)
             CROSS JOIN LATERAL (
               SELECT c.conversation_id, c.queue, c.priority, c.queued_since, c.at_front, c.channel, c.excluded_agents,
                      c.preferred_agent_id, c.preferred_until
               FROM conversations c
               WHERE c.tenant_id = $1 AND c.stage = 'waiting' AND c.queue = q.queue
                 AND (cardinality(c.excluded_agents) = 0 OR NOT (to_jsonb(c.excluded_agents) @> q.agents))
               ORDER BY c.priority DESC, c.at_front DESC, c.queued_since, c.conversation_id
               LIMIT q.head
             ) AS w`,
      values: [tenantId, JSON.stringify(heads.map((head) => ({ queue: head.queue, head: head.limit, agents: head.agents })))],
    });
    return rows.map((row) => ({
      conversationId: row.conversation_id,
      queue: row.queue,
      priority: row.priority,
      queuedSince: row.queued_since,
      atFront: row.at_front,
      channel: channelOf(row.channel),
      excludedAgents: row.excluded_agents,
      preferredAgentId: row.preferred_agent_id,
      preferredUntil: row.preferred_until,
    }));
  }

  async queues(tenantId: string): Promise<RoutingQueue[]> {
    const { rows } = await this.#client.query<QueueRow>({
      name: 'routing-tx-queues',
      text: `SELECT ${QUEUE_COLUMNS} FROM queues WHERE tenant_id = $1`,
      values: [tenantId],
    });
    return rows.map(toQueue);
  }

  async hasQueue(tenantId: string, queue: string): Promise<boolean> {
    const { rowCount } = await this.#client.query({
      name: 'routing-has-queue',
      text: 'SELECT 1 FROM queues WHERE tenant_id = $1 AND queue = $2',
      values: [tenantId, queue],
    });
    return rowCount === 1;
  }

  /**
   * Writes planned offers and assignments in one statement. Only conversations still waiting are taken, so a
   * conversation closed or taken since the snapshot is skipped; returns the ids written with their new attempt count.
   */
  async applyOffers(tenantId: string, writes: readonly OfferWrite[], now: Date): Promise<Map<string, number>> {
    if (writes.length === 0) {
      return new Map();
    }
    const { rows } = await this.#client.query<{ conversation_id: string; offer_attempts: number }>({
      name: 'routing-apply-offers',
      text: `UPDATE conversations AS c SET
               stage = CASE WHEN w.expires_at IS NULL THEN 'assigned' ELSE 'offered' END,
               agent_id = w.agent_id, queue = w.queue, offer_id = w.offer_id, offer_reason = w.reason,
               offer_expires_at = w.expires_at, offer_attempts = c.offer_attempts + 1, at_front = (w.expires_at IS NOT NULL AND c.at_front),
               assigned_at = CASE WHEN w.expires_at IS NULL THEN $2::timestamptz ELSE NULL END,
               waiting_on_customer_since = NULL, updated_at = $2
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
               AS w(conversation_id, agent_id, queue, offer_id, reason, expires_at)
             WHERE c.conversation_id = w.conversation_id AND c.conversation_id = ANY($3::text[]) AND c.tenant_id = $1 AND c.stage = 'waiting'
             RETURNING c.conversation_id, c.offer_attempts`,
      values: [
        tenantId,
        now,
        writes.map((write) => write.conversationId),
        writes.map((write) => write.agentId),
        writes.map((write) => write.queue),
        writes.map((write) => write.offerId),
        writes.map((write) => write.reason),
        writes.map((write) => write.expiresAt),
      ],
    });
    return new Map(rows.map((row) => [row.conversation_id, row.offer_attempts]));
  }

  async touchAgents(tenantId: string, agentIds: readonly string[], at: Date): Promise<void> {
    if (agentIds.length === 0) {
      return;
    }
    await this.#client.query({
      name: 'routing-touch-agents',
      text: 'UPDATE agents SET last_assigned_at = $3, updated_at = $3 WHERE tenant_id = $1 AND agent_id = ANY($2::text[])',
      values: [tenantId, agentIds, at],
    });
  }

  async lastAgentOf(tenantId: string, businessNumberId: string, customerNumber: string): Promise<{ agentId: string; closedAt: Date } | undefined> {
    const { rows } = await this.#client.query<{ agent_id: string; closed_at: Date }>({
      name: 'routing-last-agent',
      text: 'SELECT agent_id, closed_at FROM customer_agents WHERE tenant_id = $1 AND business_number_id = $2 AND customer_number = $3',
      values: [tenantId, businessNumberId, customerNumber],
    });
    return rows[0] ? { agentId: rows[0].agent_id, closedAt: rows[0].closed_at } : undefined;
  }

  async rememberAgent(tenantId: string, businessNumberId: string, customerNumber: string, agentId: string, closedAt: Date): Promise<void> {
    await this.#client.query({
      name: 'routing-remember-agent',
      text: `INSERT INTO customer_agents (tenant_id, business_number_id, customer_number, agent_id, closed_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (tenant_id, business_number_id, customer_number) DO UPDATE SET agent_id = EXCLUDED.agent_id, closed_at = EXCLUDED.closed_at`,
      values: [tenantId, businessNumberId, customerNumber, agentId, closedAt],
    });
  }

  /** Waiting conversations that have waited past their queue's overflow time, locked, with the queue they move to. */
  async lockDueOverflows(now: Date, limit: number): Promise<Array<{ conversation: ConversationRecord; toQueue: string }>> {
    const { rows } = await this.#client.query<ConversationRow & { overflow_to: string }>({
      name: 'routing-lock-due-overflows',
      text: `SELECT ${CONVERSATION_COLUMNS.replace(/(\w+)/g, 'c.$1')}, q.overflow_to FROM conversations c
             JOIN queues q ON q.tenant_id = c.tenant_id AND q.queue = c.queue
             JOIN queues target ON target.tenant_id = q.tenant_id AND target.queue = q.overflow_to
             WHERE c.stage = 'waiting' AND q.overflow_to IS NOT NULL
               AND c.queued_since + make_interval(secs => q.overflow_after_seconds) <= $1
             ORDER BY c.queued_since LIMIT $2 FOR UPDATE OF c SKIP LOCKED`,
      values: [now, limit],
    });
    return rows.map((row) => ({ conversation: toConversation(row), toQueue: row.overflow_to }));
  }

  /** Keeps the events the transaction decided, to be published once it commits; returns the outbox position. */
  async appendOutbox(envelopes: ReadonlyArray<{ eventId: string }>): Promise<string | undefined> {
    if (envelopes.length === 0) {
      return undefined;
    }
    const { rows } = await this.#client.query<{ position: string }>({
      name: 'routing-append-outbox',
      text: 'INSERT INTO outbox (envelopes, event_count) VALUES ($1, $2) RETURNING position',
      values: [JSON.stringify(envelopes), envelopes.length],
    });
    return rows[0]?.position;
  }

  async lockStaleOutbox(olderThan: Date, limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.#client.query<{ position: string; envelopes: string }>({
      name: 'routing-lock-stale-outbox',
      text: 'SELECT position, envelopes FROM outbox WHERE created_at <= $1 ORDER BY position LIMIT $2 FOR UPDATE SKIP LOCKED',
      values: [olderThan, limit],
    });
    return rows.map((row) => ({ position: row.position, envelopes: JSON.parse(row.envelopes) as OutboxEntry['envelopes'] }));
  }

  async deleteOutbox(positions: readonly string[]): Promise<void> {
    if (positions.length > 0) {
      await this.#client.query({ name: 'routing-delete-outbox-tx', text: 'DELETE FROM outbox WHERE position = ANY($1::bigint[])', values: [positions] });
    }
  }

  async deleteQueueIfUnused(tenantId: string, queue: string): Promise<'deleted' | 'missing' | 'in-use'> {
    const { rows } = await this.#client.query<{ exists: boolean; in_use: boolean }>({
      name: 'routing-queue-usage',
      text: `SELECT EXISTS (SELECT 1 FROM queues WHERE tenant_id = $1 AND queue = $2) AS exists,
                    EXISTS (SELECT 1 FROM conversations WHERE tenant_id = $1 AND queue = $2 AND stage IN ('waiting', 'offered', 'assigned'))
                    OR EXISTS (SELECT 1 FROM queues WHERE tenant_id = $1 AND overflow_to = $2) AS in_use`,
      values: [tenantId, queue],
    });
    const row = rows[0];
    if (!row?.exists) {
      return 'missing';
    }
    if (row.in_use) {
      return 'in-use';
    }
    await this.#client.query({ name: 'routing-delete-queue', text: 'DELETE FROM queues WHERE tenant_id = $1 AND queue = $2', values: [tenantId, queue] });
    return 'deleted';
  }
}
