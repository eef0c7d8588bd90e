import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { conversationOverflowed } from '@parley/contracts';
import { PeriodicTask } from '@parley/platform/bootstrap';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { RoutingRepository } from '@parley/routing-data-access';
import { DEFAULT_ROUTING_SETTINGS } from '@parley/routing-domain';
import type { RoutingConfig } from '../config.ts';
import { AgentCommandsService } from './agent-commands.service.ts';
import { AssignmentScheduler } from './assignment.scheduler.ts';
import { RoutingWork } from './routing-work.ts';

const BATCH = 200;

/**
 * Routing's clock: offers past their deadline, conversations due to overflow, agents past their grace period, and a
 * round for every tenant with a backlog (quiet customers free capacity with no event to say so). It also relays
 * outbox entries an instance wrote but could not publish. Every instance sweeps; locks keep them from doubling up.
 */
@Injectable()
export class RoutingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #task: PeriodicTask;
  readonly #relayAfterMs: number;

  constructor(
    private readonly repository: RoutingRepository,
    private readonly work: RoutingWork,
    private readonly commands: AgentCommandsService,
    private readonly scheduler: AssignmentScheduler,
    @Inject(APP_CONFIG) config: RoutingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.#task = new PeriodicTask(() => this.sweep(), config.routing.sweepIntervalMs);
    this.#relayAfterMs = config.routing.outboxRelayAfterMs;
  }

  onApplicationBootstrap(): void {
    this.#task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.#task.stop();
  }

  async sweep(now = new Date()): Promise<void> {
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['offer timeouts', () => this.#expireOffers(now)],
      ['overflow', () => this.#overflow(now)],
      ['grace periods', () => this.#expireGrace(now)],
      ['backlog rounds', () => this.#requestBacklogRounds()],
      ['outbox relay', () => this.#relayOutbox(now)],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        this.logger.warn({ err: error, step: name }, 'routing sweep step failed; the next sweep retries');
      }
    }
  }

  async #expireOffers(now: Date): Promise<void> {
    const due = await this.repository.expiredOffers(now, BATCH);
    for (const offer of due) {
      await this.commands.inAgentScope(offer.tenantId, offer.agentId, deriveEventId(offer.conversationId, `offer-timeout:${now.toISOString()}`), (scope) =>
        this.commands.expireOffer(scope, offer.conversationId),
        now,
      );
    }
  }

  async #overflow(now: Date): Promise<void> {
    let moved = BATCH;
    while (moved === BATCH) {
      const tenants = new Set<string>();
      moved = await this.work.run(async (transaction, events) => {
        const due = await transaction.lockDueOverflows(now, BATCH);
        for (const { conversation, toQueue } of due) {
          await transaction.saveConversation({ ...conversation, queue: toQueue }, now);
          tenants.add(conversation.tenantId);
          const queuedSince = conversation.queuedSince ?? conversation.startedAt;
          events.add(conversationOverflowed, {
            tenantId: conversation.tenantId,
            conversationId: conversation.conversationId,
            occurredAt: now,
            payload: {
              fromQueue: conversation.queue ?? '',
              toQueue,
              waitedSeconds: Math.max(0, (now.getTime() - queuedSince.getTime()) / 1000),
              at: now.toISOString(),
            },
          });
        }
        return due.length;
      });
      for (const tenantId of tenants) {
        this.scheduler.request(tenantId);
      }
    }
  }

  async #expireGrace(now: Date): Promise<void> {
    const due = await this.repository.agentsPastGrace(now, DEFAULT_ROUTING_SETTINGS.unavailableGraceSeconds, BATCH);
    for (const agent of due) {
      await this.commands.inAgentScope(agent.tenantId, agent.agentId, deriveEventId(agent.agentId, `grace:${now.toISOString()}`), (scope) =>
        this.commands.expireGrace(scope, agent.graceSeconds),
        now,
      );
    }
  }

  async #requestBacklogRounds(): Promise<void> {
    for (const tenantId of await this.repository.tenantsWithWaiting()) {
      this.scheduler.request(tenantId);
    }
  }

  async #relayOutbox(now: Date): Promise<void> {
    const olderThan = new Date(now.getTime() - this.#relayAfterMs);
    let relayed = BATCH;
    while (relayed === BATCH) {
      relayed = await this.repository.relayStaleOutbox(olderThan, BATCH, (entries) => this.work.publishAll(entries.flatMap((entry) => entry.envelopes)));
      if (relayed > 0) {
        this.logger.info({ relayed }, 'relayed outbox events left unpublished');
      }
    }
  }
}
