import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { outboundMessageFailed } from '@parley/contracts';
import { SendLedgerRepository } from '@parley/gateway-data-access';
import { APP_CONFIG } from '@parley/platform/config';
import { deriveEventId, EventPublisher } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { GatewayConfig } from '../config.ts';

const SWEEP_EVERY_MS = 30_000;
const BATCH = 100;

/**
 * Gives up, visibly, on replies whose send got no answer and no receipt in time, so an agent learns the message
 * may not have gone out instead of waiting forever. Safe on every instance: rows are claimed with SKIP LOCKED.
 */
@Injectable()
export class UnconfirmedSendsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly ledger: SendLedgerRepository,
    private readonly publisher: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'sweeping unconfirmed sends failed'))
        .finally(() => {
          this.#running = undefined;
        });
    }, SWEEP_EVERY_MS);
    this.#timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.vonage.sendUnconfirmedAfterMs);
    const given = await this.ledger.failUnconfirmed(cutoff, now, BATCH);
    for (const record of given) {
      await this.publisher.publish(outboundMessageFailed, {
        tenantId: record.tenantId,
        conversationId: record.conversationId,
        eventId: deriveEventId(record.messageId, outboundMessageFailed.type),
        payload: {
          messageId: record.messageId,
          reason: 'send-unconfirmed',
          detail: 'The carrier neither answered nor sent a receipt; the message may not have been delivered.',
          failedAt: now.toISOString(),
        },
      });
    }
    if (given.length > 0) {
      this.logger.warn({ count: given.length }, 'gave up on unconfirmed sends');
    }
    return given.length;
  }
}
