import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type EventOf, type routingQueuesChanged, type UntypedEnvelope } from '@parley/contracts';
import { APP_CONFIG } from '@parley/platform/config';
import { EventPublisher } from '@parley/platform/messaging';
import { LOGGER, type Logger } from '@parley/platform/observability';
import { EngineFencedError, EngineStore, type EngineInput, type EngineLease, type PartitionOffset, type PublishedReportRow, type QueueThresholds } from '@parley/reporting-data-access';
import {
  advanceWatermark,
  applyEvent,
  createReportingState,
  decodeReportingState,
  encodeReportingState,
  liveFigures,
  REPORTING_STATE_FORMAT,
  stateSize,
  type ApplyOutcome,
  type LiveAgentFigures,
  type LiveQueueFigures,
  type ReportingOptions,
  type ReportingState,
} from '@parley/reporting-domain';
import type { ReportingConfig } from '../config.ts';
import { ReportingMetrics } from '../reporting.metrics.ts';
import { InputJournal } from './input-journal.ts';
import { reportEnvelopeOf, type ReportEnvelope } from './report-envelopes.ts';
import { SerialQueue } from './serial-queue.ts';

/** This instance does not run the engine now: the event waits for the instance that does (or for this one to load). */
export class EngineInactiveError extends DomainError {
  constructor() {
    super('unavailable', 'reporting.engine-inactive', 'This instance does not run the reporting engine right now; another one does, or it is still loading.');
  }
}

/** The engine will never count this event; it goes to the dead-letter topic with the engine's reason. */
export class EventRejectedError extends DomainError {
  readonly outcome: RejectedOutcome;

  constructor(outcome: RejectedOutcome, reason: string) {
    super('invalid', `reporting.${outcome}`, reason);
    this.outcome = outcome;
  }
}

export type RejectedOutcome = Extract<ApplyOutcome, 'too-late' | 'invalid' | 'unsupported'>;

export function isRejected(outcome: EventVerdict['outcome']): outcome is RejectedOutcome {
  return outcome === 'too-late' || outcome === 'invalid' || outcome === 'unsupported';
}

/** An event with where it was read from: a partition's offsets order its events and identify a redelivery. */
export interface PositionedEvent<TEvent extends UntypedEnvelope = UntypedEnvelope> {
  readonly event: TEvent;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/** Events reach the engine, live or replayed, only as their schema's output: the messaging layer parsed them. */
const VALIDATED = { validated: true } as const;

export interface EventVerdict {
  readonly eventId: string;
  /** `already-handled`: before the partition's recorded offset, so recorded by an earlier delivery and not looked at again. */
  readonly outcome: ApplyOutcome | 'already-handled';
  readonly reason?: string;
}

export interface TickResult {
  readonly watermark: string | null;
  readonly published: number;
}

export interface LiveView {
  readonly asOf: string;
  readonly watermark: string | null;
  readonly queues: LiveQueueFigures[];
  readonly agents: LiveAgentFigures[];
}

/**
 * The reporting engine of the instance holding the lease: the domain's state in memory, made durable by recording
 * every input it applied (events, ticks, threshold changes) in order, with a snapshot now and then. Everything that
 * touches the state runs one at a time, so the recorded order is the applied order and replaying it rebuilds the
 * same state. Writes go through a journal that commits them in that order while the engine goes on applying, and a
 * caller's events count as handled only once their write is committed. A write that fails leaves memory ahead of
 * the database, so the state is rebuilt before the next use.
 */
@Injectable()
export class ReportingEngine {
  readonly #queue = new SerialQueue();
  readonly #journal: InputJournal;
  readonly #thresholds = new Map<string, ReadonlyMap<string, number>>();
  #state: ReportingState | undefined;
  #lease: EngineLease | undefined;
  #stale = false;
  #lastSequence = 0;
  /** The next offset to take from each partition ("topic/partition"), as far as the engine has applied. */
  readonly #offsets = new Map<string, bigint>();
  #onLeaseLost: ((reason: unknown) => void) | undefined;

  constructor(
    private readonly store: EngineStore,
    private readonly publisher: EventPublisher,
    private readonly metrics: ReportingMetrics,
    @Inject(APP_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.#journal = new InputJournal(
      async (writes) => {
        const lease = this.#lease;
        if (!lease) {
          throw new EngineInactiveError();
        }
        await this.store.record(lease.epoch, writes);
      },
      (error) => this.#writeFailed(error),
    );
  }

  get isActive(): boolean {
    return this.#lease !== undefined && this.#state !== undefined;
  }

  /** Takes the engine over with `lease`: loads the snapshot and replays the inputs recorded after it. */
  async activate(lease: EngineLease, onLeaseLost: (reason: unknown) => void): Promise<void> {
    await this.#queue.run(async () => {
      this.#lease = lease;
      this.#onLeaseLost = onLeaseLost;
      await this.#load();
    });
  }

  /** Lets go of the state once the work in hand is done; afterwards every call answers EngineInactiveError. */
  async deactivate(): Promise<void> {
    await this.#queue.run(async () => {
      await this.#journal.idle();
      this.#release();
    });
  }

  /**
   * Applies events of one partition, in offset order, and records the applied ones as one input with how far they
   * take the partition; resolves once that record is committed. Messages before the partition's recorded offset came
   * again after a crash and are skipped. Rejected events are only reported, for the caller to dead-letter; the
   * partition's offset stops before the first of them, so the caller's retry of each event still sees it.
   */
  async applyEvents(events: readonly PositionedEvent[]): Promise<EventVerdict[]> {
    const { verdicts, committed } = await this.#whileActive((state) => {
      const verdicts: EventVerdict[] = [];
      const applied: UntypedEnvelope[] = [];
      let next: PartitionOffset | undefined;
      let blocked = false;
      for (const { event, topic, partition, offset } of events) {
        const position = BigInt(offset);
        if (position < (this.#offsets.get(partitionKey(topic, partition)) ?? 0n)) {
          verdicts.push({ eventId: event.eventId, outcome: 'already-handled' });
          continue;
        }
        // The messaging layer handed over the output of the event's own schema.
        const result = applyEvent(state, event, VALIDATED);
        if (result.outcome === 'applied') {
          applied.push(event);
        }
        blocked ||= isRejected(result.outcome);
        if (!blocked) {
          next = { topic, partition, nextOffset: position + 1n };
        }
        verdicts.push({ eventId: event.eventId, outcome: result.outcome, ...(result.reason === undefined ? {} : { reason: result.reason }) });
      }
      if (next) {
        this.#offsets.set(partitionKey(next.topic, next.partition), next.nextOffset);
      }
      if (applied.length > 0) {
        this.#lastSequence += 1;
      }
      const inputs: EngineInput[] = applied.length === 0 ? [] : [{ sequence: this.#lastSequence, kind: 'events', body: applied }];
      const committed = inputs.length === 0 && !next ? Promise.resolve() : this.#journal.append({ inputs, offsets: next ? [next] : [] });
      return Promise.resolve({ verdicts, committed });
    });
    await committed;
    return verdicts;
  }

  /** Routing's queues of a tenant changed: their thresholds apply to what the engine counts from now on. */
  async applyQueueSettings({ event, topic, partition, offset }: PositionedEvent<EventOf<typeof routingQueuesChanged>>): Promise<void> {
    const { committed } = await this.#whileActive(() => {
      const position = BigInt(offset);
      const key = partitionKey(topic, partition);
      if (position < (this.#offsets.get(key) ?? 0n)) {
        return Promise.resolve({ committed: Promise.resolve() });
      }
      const body: QueueThresholds = {
        tenantId: event.tenantId,
        queues: Object.fromEntries(event.payload.queues.map((queue) => [queue.queue, queue.serviceLevelSeconds])),
      };
      this.#setThresholds(body);
      this.#offsets.set(key, position + 1n);
      this.#lastSequence += 1;
      // Wrapped so that the turn ends before the commit is awaited.
      return Promise.resolve({
        committed: this.#journal.append({ inputs: [{ sequence: this.#lastSequence, kind: 'thresholds', body }], offsets: [{ topic, partition, nextOffset: position + 1n }] }),
      });
    });
    await committed;
  }

  /**
   * Moves the watermark to `now` (or the event time the input has `reached`, when earlier) minus the lateness and
   * records the tick with the rows it publishes and their events in the outbox, committed together; the outbox relay
   * sends them afterwards.
   */
  async tick(now: Date, reached?: Date): Promise<TickResult> {
    const lease = this.#lease;
    if (lease) {
      await lease.check();
    }
    const { result, committed } = await this.#whileActive((state) => {
      const advance = advanceWatermark(state, now, reached);
      const rows: PublishedReportRow[] = [];
      const envelopes: ReportEnvelope[] = [];
      for (const row of advance.rows) {
        const { reportId, envelope } = reportEnvelopeOf(this.publisher, row, now);
        rows.push({ reportId, row, publishedAt: now });
        envelopes.push(envelope);
      }
      this.#lastSequence += 1;
      const body = { now: now.toISOString(), ...(reached === undefined ? {} : { reached: reached.toISOString() }) };
      const committed = this.#journal.append({ inputs: [{ sequence: this.#lastSequence, kind: 'tick', body }], rows, envelopes });
      for (const [what, value] of Object.entries(stateSize(state))) {
        this.metrics.held.set({ what }, value);
      }
      return Promise.resolve({ result: { watermark: advance.watermark, published: rows }, committed });
    });
    await committed;
    for (const { row } of result.published) {
      this.metrics.rowsPublished.inc({ kind: row.kind, final: String(row.row.final) });
    }
    this.metrics.watermarkLag.set(result.watermark === null ? 0 : (now.getTime() - Date.parse(result.watermark)) / 1000);
    return { watermark: result.watermark, published: result.published.length };
  }

  /** Saves the whole state and drops the inputs it covers, so a new leader replays only what came after. */
  async snapshot(): Promise<{ throughSequence: number; bytes: number }> {
    return this.#whileActive(async (state, lease) => {
      // Inputs up to the snapshot's sequence are deleted with it, so they must be in the table before it is saved.
      await this.#journal.idle();
      if (this.#stale) {
        throw new Error('a write failed while the snapshot waited for it; the state is rebuilt before the next snapshot');
      }
      const stopTimer = this.metrics.snapshotDuration.startTimer();
      const throughSequence = this.#lastSequence;
      try {
        const { bytes } = await this.store.saveSnapshot(lease.epoch, {
          throughSequence,
          format: REPORTING_STATE_FORMAT,
          state: encodeReportingState(state),
          thresholds: [...this.#thresholds.entries()].map(([tenantId, queues]) => ({ tenantId, queues: Object.fromEntries(queues) })),
        });
        this.metrics.snapshotBytes.set(bytes);
        return { throughSequence, bytes };
      } catch (error) {
        // The state itself is untouched: only a lost lease makes it unusable.
        if (error instanceof EngineFencedError) {
          this.#leaseLost(error);
        }
        throw error;
      } finally {
        stopTimer();
      }
    });
  }

  /** Who waits where and what each agent holds, as the engine knows it now. */
  live(tenantId: string, now: Date): LiveView {
    const state = this.#state;
    if (!state || !this.#lease) {
      throw new EngineInactiveError();
    }
    return {
      asOf: now.toISOString(),
      watermark: Number.isFinite(state.watermark) ? new Date(state.watermark).toISOString() : null,
      ...liveFigures(state, tenantId, now),
    };
  }

  #options(): ReportingOptions {
    const fallback = this.config.reporting.defaultServiceLevelSeconds;
    return {
      allowedLatenessSeconds: this.config.reporting.allowedLatenessSeconds,
      maxClockSkewSeconds: this.config.reporting.maxClockSkewSeconds,
      serviceLevelSeconds: (tenantId, queue) => this.#thresholds.get(tenantId)?.get(queue) ?? fallback,
    };
  }

  #setThresholds(thresholds: QueueThresholds): void {
    this.#thresholds.set(thresholds.tenantId, new Map(Object.entries(thresholds.queues)));
  }

  async #whileActive<T>(work: (state: ReportingState, lease: EngineLease) => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      const lease = this.#lease;
      if (!lease || lease.isLost) {
        throw new EngineInactiveError();
      }
      if (this.#stale || !this.#state) {
        await this.#load();
      }
      const state = this.#state;
      if (!state) {
        throw new EngineInactiveError();
      }
      return work(state, lease);
    });
  }

  /** A journal write failed: memory is ahead of the database and must be rebuilt before the next use. */
  #writeFailed(error: unknown): void {
    this.#stale = true;
    if (error instanceof EngineFencedError) {
      this.#leaseLost(error);
    }
  }

  async #load(): Promise<void> {
    await this.#journal.idle();
    const stopTimer = this.metrics.loadDuration.startTimer();
    const { snapshot, inputs, offsets } = await this.store.load();
    this.#offsets.clear();
    for (const { topic, partition, nextOffset } of offsets) {
      this.#offsets.set(partitionKey(topic, partition), nextOffset);
    }
    this.#thresholds.clear();
    for (const thresholds of snapshot?.thresholds ?? []) {
      this.#setThresholds(thresholds);
    }
    const state = snapshot ? decodeReportingState(snapshot.state, this.#options()) : createReportingState(this.#options());
    let lastSequence = snapshot?.throughSequence ?? 0;
    let replayed = 0;
    for (const input of inputs) {
      replayed += input.kind === 'events' ? input.body.length : 1;
      switch (input.kind) {
        case 'event':
          applyEvent(state, input.body, VALIDATED);
          break;
        case 'events':
          for (const body of input.body) {
            applyEvent(state, body, VALIDATED);
          }
          break;
        case 'tick':
          advanceWatermark(state, new Date(input.body.now), input.body.reached === undefined ? undefined : new Date(input.body.reached));
          break;
        case 'thresholds':
          this.#setThresholds(input.body);
          break;
      }
      lastSequence = input.sequence;
    }
    this.#state = state;
    this.#lastSequence = lastSequence;
    this.#stale = false;
    stopTimer();
    this.metrics.replayedInputs.set(replayed);
    this.logger.info(
      { snapshotThrough: snapshot?.throughSequence ?? null, replayed, lastSequence, watermark: Number.isFinite(state.watermark) ? new Date(state.watermark).toISOString() : null, ...stateSize(state) },
      'reporting engine loaded',
    );
  }

  #leaseLost(reason: unknown): void {
    const notify = this.#onLeaseLost;
    this.#release();
    notify?.(reason);
  }

  #release(): void {
    this.#state = undefined;
    this.#lease = undefined;
    this.#onLeaseLost = undefined;
    this.#stale = false;
    this.#thresholds.clear();
    this.#offsets.clear();
  }
}
