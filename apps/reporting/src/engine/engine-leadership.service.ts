import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@parley/platform/bootstrap';
import { APP_CONFIG } from '@parley/platform/config';
import { ReadinessRegistry, type ReadinessResult } from '@parley/platform/http';
import { KafkaConnection, sleep } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { EngineStore, type EngineLease } from '@parley/reporting-data-access';
import type { ReportingConfig } from '../config.ts';
import { ReportingMetrics } from '../reporting.metrics.ts';
import { HOLD_WATERMARK } from './consumer-progress.ts';
import { EngineEventsConsumer } from './engine-events.consumer.ts';
import { ReportOutboxRelay } from './report-outbox.relay.ts';
import { ReportingEngine, type TickResult } from './reporting-engine.service.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

type Role = 'standby' | 'loading' | 'active';

/**
 * Makes exactly one instance run the engine: each instance tries to take the lease; the one that gets it loads the
 * engine, joins the engine's consumer group and runs the clock (publication ticks with the outbox relay, snapshots,
 * row retention). The others wait as standbys, serving stored rows. On losing the lease, or on shutdown, the leader
 * stops consuming, lets the work in hand finish, leaves a last snapshot when it still can, and lets go.
 */
@Injectable()
export class EngineLeadership implements OnApplicationBootstrap, OnModuleDestroy {
  readonly #shutdown = new AbortController();
  /** Names this instance in the lease row, for operators: host, process and a per-start suffix. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #role: Role = 'standby';
  #readiness: (() => ReadinessResult) | undefined;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly store: EngineStore,
    private readonly engine: ReportingEngine,
    private readonly consumer: EngineEventsConsumer,
    private readonly relay: ReportOutboxRelay,
    private readonly metrics: ReportingMetrics,
    private readonly connection: KafkaConnection,
    private readonly readiness: ReadinessRegistry,
    @Inject(APP_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get role(): Role {
    return this.#role;
  }

  onApplicationBootstrap(): void {
    this.readiness.register(`consumer:${this.consumer.groupId}`, () => Promise.resolve(this.#readinessNow()));
    this.metrics.active.set(0);
    this.#loop = this.#lead();
  }

  async onModuleDestroy(): Promise<void> {
    this.#shutdown.abort();
    await this.#loop;
  }

  /**
   * One publication: move the watermark, record what changed, send it. Unless told how far the input has got
   * (`reached`), the watermark waits for the engine's consumer group to work through any backlog.
   */
  async tick(now = new Date(), reached?: Date): Promise<TickResult> {
    const result = await this.engine.tick(now, reached ?? (await this.#reached(now)));
    await this.relay.relay();
    return result;
  }

  async #reached(now: Date): Promise<Date> {
    try {
      const lags = await this.connection.consumerLag(this.consumer.groupId, this.consumer.topics);
      this.metrics.consumerLag.set(lags.reduce((total, partition) => total + partition.lag, 0));
      return this.consumer.progress.reached(now, lags);
    } catch (error) {
      this.logger.warn({ err: error }, "could not read the engine's consumer lag; the watermark stays where it is");
      return HOLD_WATERMARK;
    }
  }

  #readinessNow(): ReadinessResult {
    switch (this.#role) {
      case 'standby':
        return { ready: true, detail: 'standby: another instance runs the engine' };
      case 'loading':
        return { ready: false, detail: 'loading the engine' };
      case 'active':
        return this.#readiness?.() ?? { ready: false, detail: 'starting the consumer' };
    }
  }

  async #lead(): Promise<void> {
    const signal = this.#shutdown.signal;
    while (!signal.aborted) {
      let lease: EngineLease | undefined;
      try {
        lease = await this.store.tryLease(this.holder);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not try the reporting engine lease; trying again');
      }
      if (lease) {
        await this.#serve(lease);
      }
      if (!signal.aborted) {
        await sleep(this.config.reporting.leaseRetryMs, signal);
      }
    }
  }

  async #serve(lease: EngineLease): Promise<void> {
    const term = new AbortController();
    const end = (): void => term.abort();
    lease.onLost((reason) => {
      this.logger.error({ err: reason, epoch: lease.epoch }, 'lost the reporting engine lease; stepping down');
      end();
    });
    this.#shutdown.signal.addEventListener('abort', end, { once: true });
    if (this.#shutdown.signal.aborted) {
      end();
    }
    try {
      await this.#runTerm(lease, term.signal, end);
    } finally {
      this.#shutdown.signal.removeEventListener('abort', end);
    }
  }

  async #runTerm(lease: EngineLease, ended: AbortSignal, end: () => void): Promise<void> {
    this.#role = 'loading';
    try {
      await this.engine.activate(lease, end);
    } catch (error) {
      this.logger.error({ err: error, epoch: lease.epoch }, 'could not load the reporting engine; letting the lease go');
      await this.#stepDown(lease, []);
      return;
    }
    const stopConsumer = new AbortController();
    this.consumer.progress.clear();
    const runner = this.consumer.createRunner(stopConsumer.signal);
    this.#readiness = () => runner.readiness();
    this.#role = 'active';
    this.metrics.active.set(1);
    this.logger.info({ epoch: lease.epoch, consumer: this.consumer.groupId }, 'running the reporting engine');
    runner.start();
    const tasks = [
      new PeriodicTask(() => this.#safely('publication tick', () => this.tick()), this.config.reporting.publishIntervalMs),
      new PeriodicTask(() => this.#safely('snapshot', () => this.engine.snapshot()), this.config.reporting.snapshotIntervalMs),
      new PeriodicTask(() => this.#safely('row retention', () => this.#pruneRows()), PRUNE_INTERVAL_MS),
    ];
    for (const task of tasks) {
      task.start();
    }
    if (!ended.aborted) {
      await new Promise<void>((resolve) => ended.addEventListener('abort', () => resolve(), { once: true }));
    }
    stopConsumer.abort();
    await runner.stop();
    await this.#stepDown(lease, tasks);
  }

  async #stepDown(lease: EngineLease, tasks: readonly PeriodicTask[]): Promise<void> {
    await Promise.all(tasks.map((task) => task.stop()));
    if (!lease.isLost && this.engine.isActive) {
      // The next leader then replays nothing: a stop costs it no time.
      await this.#safely('last snapshot', () => this.engine.snapshot());
    }
    await this.engine.deactivate();
    await lease.release();
    this.#readiness = undefined;
    this.#role = 'standby';
    this.metrics.active.set(0);
  }

  async #pruneRows(): Promise<void> {
    const pruned = await this.store.pruneRows(new Date(Date.now() - this.config.reporting.rowRetentionDays * DAY_MS));
    if (pruned > 0) {
      this.logger.info({ pruned }, 'deleted final report rows past their retention');
    }
  }

  async #safely(step: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ err: error, step }, 'reporting step failed; the next run retries');
    }
  }
}
