import { Injectable } from '@nestjs/common';
import { routingQueuesChanged } from '@parley/contracts';
import { EventPublisher } from '@parley/platform/messaging';
import { RoutingRepository } from '@parley/routing-data-access';

/**
 * Tells the services that count against queue settings (reporting's service level) a tenant's queues as they are
 * now, whole, after each change: the latest event per tenant is the truth, so an out-of-date one is simply replaced.
 */
@Injectable()
export class QueueSettingsPublisher {
  constructor(
    private readonly repository: RoutingRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async publish(tenantId: string, changedAt = new Date()): Promise<void> {
    const queues = await this.repository.queues(tenantId);
    await this.publisher.publish(routingQueuesChanged, {
      tenantId,
      occurredAt: changedAt,
      payload: {
        queues: queues.map((queue) => ({
          queue: queue.key,
          priority: queue.priority,
          serviceLevelSeconds: queue.serviceLevelSeconds,
          overflow: queue.overflow ?? null,
        })),
        changedAt: changedAt.toISOString(),
      },
    });
  }
}
