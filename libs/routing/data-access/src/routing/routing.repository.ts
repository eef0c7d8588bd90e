import { Injectable } from '@nestjs/common';
import { inPoolTransaction } from '@parley/platform/persistence';
import { DEFAULT_ROUTING_SETTINGS, routingSettingsSchema, type AgentProfile, type RoutingQueue, type RoutingSettings } from '@parley/routing-domain';
import { RoutingDatabase } from '../routing.database.ts';
import type { AgentRecord, ConversationRecord, HeldConversation, OutboxEntry } from './routing.records.ts';
import { AGENT_COLUMNS, CONVERSATION_COLUMNS, HELD_COLUMNS, toAgent, toConversation, toHeld, type AgentRow, type ConversationRow, type HeldRow } from './routing.rows.ts';
import { QUEUE_COLUMNS, RoutingTransaction, toQueue } from './routing.transaction.ts';

/** Routing's tables: transactions for every change, and plain reads for configuration and the live view. */
@Injectable()
export class RoutingRepository {
  constructor(private readonly db: RoutingDatabase) {}

  async inTransaction<R>(work: (transaction: RoutingTransaction) => Promise<R>): Promise<R> {
    return inPoolTransaction(this.db.pool, (client) => work(new RoutingTransaction(client)));
  }

  async settings(tenantId: string): Promise<RoutingSettings> {
    const { rows } = await this.db.pool.query<{ settings: unknown }>({
      name: 'routing-settings',
      text: 'SELECT settings FROM routing_settings WHERE tenant_id = $1',
      values: [tenantId],
    });
    // Stored settings were validated on the way in; parsing again fills defaults added since they were saved.
    return rows[0] ? routingSettingsSchema.parse(rows[0].settings) : DEFAULT_ROUTING_SETTINGS;
  }

  async saveSettings(tenantId: string, settings: RoutingSettings): Promise<void> {
    await this.db.pool.query({
      name: 'routing-save-settings',
      text: `INSERT INTO routing_settings (tenant_id, settings) VALUES ($1, $2::jsonb)
             ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      values: [tenantId, JSON.stringify(settings)],
    });
  }

  async queues(tenantId: string): Promise<RoutingQueue[]> {
    const { rows } = await this.db.pool.query({
      name: 'routing-queues',
      text: `SELECT ${QUEUE_COLUMNS} FROM queues WHERE tenant_id = $1 ORDER BY queue`,
      values: [tenantId],
    });
    return rows.map(toQueue);
  }

  async saveQueue(tenantId: string, queue: RoutingQueue): Promise<void> {
    await this.db.pool.query({
      name: 'routing-save-queue',
      text: `INSERT INTO queues (tenant_id, queue, priority, service_level_seconds, overflow_after_seconds, overflow_to)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (tenant_id, queue) DO UPDATE SET priority = EXCLUDED.priority, service_level_seconds = EXCLUDED.service_level_seconds,
               overflow_after_seconds = EXCLUDED.overflow_after_seconds, overflow_to = EXCLUDED.overflow_to, updated_at = now()`,
      values: [tenantId, queue.key, queue.priority, queue.serviceLevelSeconds, queue.overflow?.afterSeconds ?? null, queue.overflow?.toQueue ?? null],
    });
  }

  /** Removes a queue nobody waits in or is served from; under the tenant lock, so no assigner puts a conversation there meanwhile. */
  async deleteQueue(tenantId: string, queue: string): Promise<'deleted' | 'missing' | 'in-use'> {
    return this.inTransaction(async (transaction) => {
      await transaction.lockTenant(tenantId);
      return transaction.deleteQueueIfUnused(tenantId, queue);
    });
  }

  /** Creates the agent (offline until they say otherwise) or updates their profile, leaving their live state alone. */
  async saveAgentProfile(tenantId: string, agentId: string, profile: AgentProfile): Promise<AgentRecord> {
    const { rows } = await this.db.pool.query<AgentRow>({
      name: 'routing-save-agent-profile',
      text: `INSERT INTO agents (tenant_id, agent_id, display_name, queues, capacity, auto_accept) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (tenant_id, agent_id) DO UPDATE SET display_name = EXCLUDED.display_name, queues = EXCLUDED.queues,
               capacity = EXCLUDED.capacity, auto_accept = EXCLUDED.auto_accept, updated_at = now()
             RETURNING ${AGENT_COLUMNS}`,
      values: [tenantId, agentId, profile.displayName, profile.queues, profile.capacity, profile.autoAccept],
    });
    const row = rows[0];
    if (!row) {
      throw new Error('saving an agent profile returned no row');
    }
    return toAgent(row);
  }

  async agents(tenantId: string): Promise<AgentRecord[]> {
    const { rows } = await this.db.pool.query<AgentRow>({
      name: 'routing-agents',
      text: `SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 ORDER BY agent_id`,
      values: [tenantId],
    });
    return rows.map(toAgent);
  }

  async agent(tenantId: string, agentId: string): Promise<AgentRecord | undefined> {
    const { rows } = await this.db.pool.query<AgentRow>({
      name: 'routing-agent',
      text: `SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 AND agent_id = $2`,
      values: [tenantId, agentId],
    });
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  async conversation(tenantId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.db.pool.query<ConversationRow>({
      name: 'routing-conversation',
      text: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE tenant_id = $1 AND conversation_id = $2`,
      values: [tenantId, conversationId],
    });
    return rows[0] ? toConversation(rows[0]) : undefined;
  }

  /** The conversations offered to or held by one agent, oldest first: what their desk shows. */
  async conversationsOfAgent(tenantId: string, agentId: string): Promise<ConversationRecord[]> {
    const { rows } = await this.db.pool.query<ConversationRow>({
      name: 'routing-conversations-of-agent',
      text: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE tenant_id = $1 AND agent_id = $2 AND stage IN ('offered', 'assigned')
             ORDER BY coalesce(assigned_at, queued_since, started_at), conversation_id`,
      values: [tenantId, agentId],
    });
    return rows.map(toConversation);
  }

  /** Per queue: how many wait and since when, how many are offered and held; from the partial indexes, not the whole table. */
  async queueFigures(tenantId: string): Promise<Array<{ queue: string; waiting: number; oldestQueuedSince: Date | null; offered: number; assigned: number }>> {
    const { rows } = await this.db.pool.query<{ queue: string; waiting: string; oldest: Date | null; offered: string; assigned: string }>({
      name: 'routing-queue-figures',
      text: `SELECT queue,
                    count(*) FILTER (WHERE stage = 'waiting') AS waiting,
                    min(queued_since) FILTER (WHERE stage = 'waiting') AS oldest,
                    count(*) FILTER (WHERE stage = 'offered') AS offered,
                    count(*) FILTER (WHERE stage = 'assigned') AS assigned
             FROM conversations WHERE tenant_id = $1 AND stage IN ('waiting', 'offered', 'assigned')
             GROUP BY queue ORDER BY queue`,
      values: [tenantId],
    });
    return rows.map((row) => ({
      queue: row.queue,
      waiting: Number(row.waiting),
      oldestQueuedSince: row.oldest,
      offered: Number(row.offered),
      assigned: Number(row.assigned),
    }));
  }

  async heldConversations(tenantId: string): Promise<HeldConversation[]> {
    const { rows } = await this.db.pool.query<HeldRow>({
      name: 'routing-held-conversations',
      text: `SELECT ${HELD_COLUMNS} FROM conversations WHERE tenant_id = $1 AND stage IN ('offered', 'assigned')`,
      values: [tenantId],
    });
    return rows.map(toHeld);
  }

  /** Tenants with conversations waiting, whose assigners the sweeper wakes (capacity frees up as customers go quiet). */
  async tenantsWithWaiting(): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ tenant_id: string }>({
      name: 'routing-tenants-with-waiting',
      text: `SELECT DISTINCT tenant_id FROM conversations WHERE stage = 'waiting'`,
    });
    return rows.map((row) => row.tenant_id);
  }

  /** Offers past their deadline; each is then expired under its tenant's lock, so two sweepers cannot both act. */
  async expiredOffers(now: Date, limit: number): Promise<Array<{ tenantId: string; agentId: string; conversationId: string }>> {
    const { rows } = await this.db.pool.query<{ tenant_id: string; agent_id: string; conversation_id: string }>({
      name: 'routing-expired-offers',
      text: `SELECT tenant_id, agent_id, conversation_id FROM conversations WHERE stage = 'offered' AND offer_expires_at <= $1
             ORDER BY offer_expires_at LIMIT $2`,
      values: [now, limit],
    });
    return rows.map((row) => ({ tenantId: row.tenant_id, agentId: row.agent_id, conversationId: row.conversation_id }));
  }

  /** Agents offline or without their desk past their tenant's grace period who still hold conversations. */
  async agentsPastGrace(now: Date, defaultGraceSeconds: number, limit: number): Promise<Array<{ tenantId: string; agentId: string; graceSeconds: number }>> {
    const { rows } = await this.db.pool.query<{ tenant_id: string; agent_id: string; grace_seconds: number }>({
      name: 'routing-agents-past-grace',
      text: `SELECT a.tenant_id, a.agent_id, COALESCE((s.settings->>'unavailableGraceSeconds')::int, $2) AS grace_seconds FROM agents a
             LEFT JOIN routing_settings s ON s.tenant_id = a.tenant_id
             WHERE a.unavailable_since IS NOT NULL
               AND a.unavailable_since + make_interval(secs => COALESCE((s.settings->>'unavailableGraceSeconds')::int, $2)) <= $1
               AND EXISTS (SELECT 1 FROM conversations c WHERE c.tenant_id = a.tenant_id AND c.agent_id = a.agent_id AND c.stage IN ('offered', 'assigned'))
             ORDER BY a.unavailable_since LIMIT $3`,
      values: [now, defaultGraceSeconds, limit],
    });
    return rows.map((row) => ({ tenantId: row.tenant_id, agentId: row.agent_id, graceSeconds: row.grace_seconds }));
  }

  async deleteOutbox(positions: readonly string[]): Promise<void> {
    if (positions.length === 0) {
      return;
    }
    await this.db.pool.query({
      name: 'routing-delete-outbox',
      text: 'DELETE FROM outbox WHERE position = ANY($1::bigint[])',
      values: [positions],
    });
  }

  /**
   * Hands outbox entries older than `olderThan` (left by a crash or a broker outage) to `publish`, in order, and
   * deletes them once it returns; entries another instance is relaying are skipped.
   */
  async relayStaleOutbox(olderThan: Date, limit: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<number> {
    return this.inTransaction(async (transaction) => {
      const entries = await transaction.lockStaleOutbox(olderThan, limit);
      await publish(entries);
      await transaction.deleteOutbox(entries.map((entry) => entry.position));
      return entries.length;
    });
  }
}
