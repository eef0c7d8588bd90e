import { Global, Injectable, Module } from '@nestjs/common';
import { MetricsRegistry } from '@parley/platform/observability';
import { Counter, Histogram } from 'prom-client';

/** Counts by type and direction, never values: metric labels must not carry anything a message said. */
@Injectable()
export class ScreeningMetrics {
  readonly findings: Counter<'direction' | 'type'>;
  readonly decisions: Counter<'decision'>;
  readonly duration: Histogram<'direction'>;
  readonly splitCards: Counter;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.findings = new Counter({
      name: 'parley_screening_findings_total',
      help: 'Sensitive data found, by direction (inbound, outbound) and type.',
      labelNames: ['direction', 'type'],
      registers,
    });
    this.decisions = new Counter({
      name: 'parley_outbound_screening_decisions_total',
      help: 'Replies screened, by decision: approved or blocked.',
      labelNames: ['decision'],
      registers,
    });
    this.duration = new Histogram({
      name: 'parley_screening_duration_seconds',
      help: 'Time to detect and redact one message, without the Kafka round trips.',
      labelNames: ['direction'],
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
      registers,
    });
    this.splitCards = new Counter({
      name: 'parley_split_cards_total',
      help: 'Card numbers found split across consecutive texts of one thread.',
      registers,
    });
  }
}

@Global()
@Module({ providers: [ScreeningMetrics], exports: [ScreeningMetrics] })
export class ScreeningMetricsModule {}
