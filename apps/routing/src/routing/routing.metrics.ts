import { Global, Injectable, Module } from '@nestjs/common';
import { MetricsRegistry } from '@parley/platform/observability';
import { Counter, Histogram } from 'prom-client';

/** Routing's own figures: how long assignment takes, what it decides, and what happens to agents' commands. */
@Injectable()
export class RoutingMetrics {
  readonly roundDuration: Histogram;
  readonly planDuration: Histogram;
  readonly assignments: Counter<'kind'>;
  readonly lapses: Counter<'outcome'>;
  readonly commands: Counter<'command' | 'outcome'>;
  readonly requeues: Counter<'reason'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.roundDuration = new Histogram({
      name: 'parley_routing_round_duration_seconds',
      help: 'One assignment round of a tenant, from taking its lock to commit: snapshot, plan and writes.',
      buckets: [0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.planDuration = new Histogram({
      name: 'parley_routing_plan_duration_seconds',
      help: "The planner's share of a round: deciding which waiting conversation goes to which agent, without database.",
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    });
    this.assignments = new Counter({
      name: 'parley_routing_assignments_total',
      help: 'Conversations offered to agents, or assigned at once to agents who accept automatically.',
      labelNames: ['kind'],
      registers,
    });
    this.lapses = new Counter({
      name: 'parley_routing_offer_lapses_total',
      help: 'Offers that ended without an accept: declined, timed out or withdrawn.',
      labelNames: ['outcome'],
      registers,
    });
    this.commands = new Counter({
      name: 'parley_routing_agent_commands_total',
      help: "Agents' commands by type and outcome (applied, or the refusal code).",
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.requeues = new Counter({
      name: 'parley_routing_requeues_total',
      help: 'Conversations handed back to their queue, by reason.',
      labelNames: ['reason'],
      registers,
    });
  }
}

@Global()
@Module({ providers: [RoutingMetrics], exports: [RoutingMetrics] })
export class RoutingMetricsModule {}
