import { Global, Injectable, Module } from '@nestjs/common';
import { MetricsRegistry } from '@parley/platform/observability';
import { Counter, Histogram } from 'prom-client';

/** The front door's own figures: how long a decision takes and what decisions lead to. */
@Injectable()
export class FrontDoorMetrics {
  readonly decisionDuration: Histogram<'kind'>;
  readonly outcomes: Counter<'outcome'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.decisionDuration = new Histogram({
      name: 'parley_front_door_decision_duration_seconds',
      help: 'Time to decide what a customer text or a deflected call leads to (menu matching, hours, consent), without database or Kafka.',
      labelNames: ['kind'],
      buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01],
      registers,
    });
    this.outcomes = new Counter({
      name: 'parley_front_door_outcomes_total',
      help: 'What front-door decisions led to: conversations started, prompts, selections, invalid input, queued, after hours, opt-outs …',
      labelNames: ['outcome'],
      registers,
    });
  }
}

@Global()
@Module({ providers: [FrontDoorMetrics], exports: [FrontDoorMetrics] })
export class FrontDoorMetricsModule {}
