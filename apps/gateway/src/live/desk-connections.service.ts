import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { agentConnectionChanged } from '@parley/contracts';
import { DeskConnectionsRepository, type DeskConnection } from '@parley/gateway-data-access';
import { EventPublisher } from '@parley/platform/messaging';

/** A connection is live while its replica refreshed it within this long (it refreshes every 30 s). */
export const DESK_CONNECTION_LIVE_MS = 90_000;

/**
 * Tells routing whether an agent's desk is connected, counting their WebSockets on every gateway replica: connected
 * on each new one, disconnected when the last one closes (or its replica stopped refreshing it), so routing's grace
 * period starts only when the agent has no desk left anywhere.
 */
@Injectable()
export class DeskConnectionsService {
  readonly instanceId = randomUUID();

  constructor(
    private readonly connections: DeskConnectionsRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async opened(connection: Omit<DeskConnection, 'instanceId'>, now = new Date()): Promise<void> {
    await this.connections.connect({ ...connection, instanceId: this.instanceId }, now, new Date(now.getTime() - DESK_CONNECTION_LIVE_MS), async () => {
      await this.#publish(connection, true, now);
    });
  }

  async closed(connection: Pick<DeskConnection, 'connectionId' | 'tenantId' | 'agentId'>, now = new Date()): Promise<void> {
    await this.connections.disconnect(connection, new Date(now.getTime() - DESK_CONNECTION_LIVE_MS), async ({ remaining }) => {
      if (remaining === 0) {
        await this.#publish(connection, false, now);
      }
    });
  }

  async refresh(connectionIds: readonly string[], now = new Date()): Promise<void> {
    await this.connections.heartbeat(connectionIds, now);
  }

  /** Closes the connections of replicas that stopped refreshing them; any replica may do it, under the same locks. */
  async closeAbandoned(now = new Date()): Promise<number> {
    const stale = await this.connections.stale(new Date(now.getTime() - DESK_CONNECTION_LIVE_MS), 500);
    for (const connection of stale) {
      await this.closed(connection, now);
    }
    return stale.length;
  }

  async #publish(connection: Pick<DeskConnection, 'tenantId' | 'agentId'>, connected: boolean, now: Date): Promise<void> {
    await this.publisher.publish(agentConnectionChanged, {
      tenantId: connection.tenantId,
      payload: { agentId: connection.agentId, connected, at: now.toISOString() },
    });
  }
}
