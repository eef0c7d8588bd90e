import { Global, Injectable, Module } from '@nestjs/common';
import { MetricsRegistry } from '@parley/platform/observability';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Reporting's own figures: what the engine made of events, what it published, how much it holds and how far behind it is. */
@Injectable()
export class ReportingMetrics {
  readonly events: Counter<'outcome'>;
  readonly rowsPublished: Counter<'kind' | 'final'>;
  readonly watermarkLag: Gauge;
  readonly held: Gauge<'what'>;
  readonly active: Gauge;
  readonly outboxPending: Gauge;
  readonly consumerLag: Gauge;
  readonly snapshotBytes: Gauge;
  readonly snapshotDuration: Histogram;
  readonly loadDuration: Histogram;
  readonly replayedInputs: Gauge;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.events = new Counter({
      name: 'parley_reporting_events_total',
      help: 'Events the reporting engine classified: applied, duplicate, ignored, or rejected as too-late, invalid or unsupported (those are dead-lettered).',
      labelNames: ['outcome'],
      registers,
    });
    this.rowsPublished = new Counter({
      name: 'parley_reporting_rows_published_total',
      help: 'Report row versions decided for publication, by kind and whether they were final.',
      labelNames: ['kind', 'final'],
      registers,
    });
    this.watermarkLag = new Gauge({
      name: 'parley_reporting_watermark_lag_seconds',
      help: 'How far the watermark trails the clock at the last tick: the allowed lateness when healthy.',
      registers,
    });
    this.held = new Gauge({
      name: 'parley_reporting_engine_held',
      help: 'What the engine holds in memory: open conversations, calls, agents, rows and remembered event ids.',
      labelNames: ['what'],
      registers,
    });
    this.active = new Gauge({
      name: 'parley_reporting_engine_active',
      help: '1 on the instance that runs the engine, 0 on a standby.',
      registers,
    });
    this.outboxPending = new Gauge({
      name: 'parley_reporting_outbox_pending',
      help: 'Row versions decided but not yet acknowledged by Kafka, as the last relay found them.',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'parley_reporting_consumer_lag_messages',
      help: "Messages the engine's consumer group has yet to commit, as the last tick found them; the watermark waits for a backlog.",
      registers,
    });
    this.snapshotBytes = new Gauge({
      name: 'parley_reporting_snapshot_bytes',
      help: "Size of the engine's last snapshot, gzipped.",
      registers,
    });
    this.snapshotDuration = new Histogram({
      name: 'parley_reporting_snapshot_duration_seconds',
      help: "Time to encode, compress and store the engine's state, during which events wait.",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.loadDuration = new Histogram({
      name: 'parley_reporting_load_duration_seconds',
      help: 'Time to rebuild the engine from its snapshot and the inputs recorded since, when an instance takes over.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.replayedInputs = new Gauge({
      name: 'parley_reporting_replayed_inputs',
      help: 'Inputs (each event, tick and threshold change) replayed on top of the snapshot at the last load.',
      registers,
    });
  }
}

@Global()
@Module({ providers: [ReportingMetrics], exports: [ReportingMetrics] })
export class ReportingMetricsModule {}
