import { Injectable } from '@nestjs/common';
import { inPoolTransaction } from '@parley/platform/persistence';
import type pg from 'pg';
import { GatewayDatabase } from '../gateway.database.ts';

export interface DeskConnection {
  connectionId: string;
  tenantId: string;
  agentId: string;
  instanceId: string;
}

/** What one agent's desk connections are, read under the agent's lock. */
export interface AgentConnections {
  /** Live connections of the agent on any replica, after the change. */
  remaining: number;
}

/**
 * Agents' open desk WebSockets across every gateway replica. Changes to one agent's connections run under a
 * per-agent advisory lock, and the caller publishes routing's connection command inside it, so two replicas'
 * connect and disconnect reach routing in the order they happened.
 */
@Injectable()
export class DeskConnectionsRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async connect(connection: DeskConnection, now: Date, liveSince: Date, inLock: (state: AgentConnections) => Promise<void>): Promise<void> {
    await this.#underAgentLock(connection.tenantId, connection.agentId, async (client) => {
      await client.query(
        `INSERT INTO desk_connections (connection_id, tenant_id, agent_id, instance_id, connected_at, seen_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (connection_id) DO UPDATE SET seen_at = excluded.seen_at`,
        [connection.connectionId, connection.tenantId, connection.agentId, connection.instanceId, now],
      );
      await inLock({ remaining: await this.#live(client, connection.tenantId, connection.agentId, liveSince) });
    });
  }

  async disconnect(connection: Pick<DeskConnection, 'connectionId' | 'tenantId' | 'agentId'>, liveSince: Date, inLock: (state: AgentConnections) => Promise<void>): Promise<void> {
    await this.#underAgentLock(connection.tenantId, connection.agentId, async (client) => {
      await client.query('DELETE FROM desk_connections WHERE connection_id = $1', [connection.connectionId]);
      await inLock({ remaining: await this.#live(client, connection.tenantId, connection.agentId, liveSince) });
    });
  }

  /** Marks this replica's connections as still open. */
  async heartbeat(connectionIds: readonly string[], now: Date): Promise<void> {
    if (connectionIds.length > 0) {
      await this.db.pool.query('UPDATE desk_connections SET seen_at = $2 WHERE connection_id = ANY($1::text[])', [connectionIds, now]);
    }
  }

  /** Agents with connections not refreshed since `before` (their replica is gone); each handled like a disconnect. */
  async stale(before: Date, limit: number): Promise<Array<Pick<DeskConnection, 'connectionId' | 'tenantId' | 'agentId'>>> {
    const { rows } = await this.db.pool.query<{ connection_id: string; tenant_id: string; agent_id: string }>(
      'SELECT connection_id, tenant_id, agent_id FROM desk_connections WHERE seen_at < $1 ORDER BY seen_at LIMIT $2',
      [before, limit],
    );
    return rows.map((row) => ({ connectionId: row.connection_id, tenantId: row.tenant_id, agentId: row.agent_id }));
  }

  async #live(client: pg.PoolClient, tenantId: string, agentId: string, liveSince: Date): Promise<number> {
    const { rows } = await client.query<{ live: number }>(
      'SELECT count(*)::int AS live FROM desk_connections WHERE tenant_id = $1 AND agent_id = $2 AND seen_at >= $3',
      [tenantId, agentId, liveSince],
    );
    return rows[0]?.live ?? 0;
  }

  async #underAgentLock(tenantId: string, agentId: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    await inPoolTransaction(this.db.pool, async (client) => {
      await client.query(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('desk-connection:' || $1 || ':' || $2, 0))) AS locked`, [tenantId, agentId]);
      await work(client);
    });
  }
}
