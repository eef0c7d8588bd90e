import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, PLATFORM_TENANT_ID, PROBE_ROUTE, probeStarted } from '@parley/contracts';
import { ProbesRepository, type ProbeRecord } from '@parley/gateway-data-access';
import { EventPublisher } from '@parley/platform/messaging';

const POLL_INTERVAL_MS = 50;

/** Starts pipeline probes and reports how far they got. */
@Injectable()
export class ProbesService {
  constructor(
    private readonly probes: ProbesRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async start(): Promise<ProbeRecord> {
    const probeId = `probe-${randomUUID()}`;
    const startedAt = new Date();
    await this.probes.create(probeId, startedAt);
    const first = PROBE_ROUTE[0];
    if (!first) {
      throw new Error('the probe route is empty');
    }
    await this.publisher.publish(probeStarted, {
      tenantId: PLATFORM_TENANT_ID,
      occurredAt: startedAt,
      payload: { probeId, startedAt: startedAt.toISOString(), nextService: first, hops: [] },
    });
    return { probeId, status: 'pending', startedAt, completedAt: undefined, hops: [] };
  }

  async get(probeId: string): Promise<ProbeRecord> {
    const probe = await this.probes.find(probeId);
    if (!probe) {
      throw new DomainError('not-found', 'probe.not-found', `No probe ${probeId}.`);
    }
    return probe;
  }

  /** Waits up to `timeoutMs` for the probe to come back and returns its latest state either way. */
  async waitForCompletion(probeId: string, timeoutMs: number): Promise<ProbeRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const probe = await this.get(probeId);
      if (probe.status === 'completed' || Date.now() >= deadline) {
        return probe;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}
