import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service instance, so several services can share a process in tests without clashing. */
export class MetricsRegistry {
  readonly registry: Registry;
  readonly messagesPublished: Counter<'topic' | 'type' | 'outcome'>;
  readonly messagesConsumed: Counter<'topic' | 'consumer' | 'outcome'>;
  readonly handlerDuration: Histogram<'topic' | 'consumer'>;
  readonly publishDuration: Histogram<'topic'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(service: string, options: { collectProcessMetrics?: boolean } = {}) {
    this.registry = new Registry();
    this.registry.setDefaultLabels({ service });
    if (options.collectProcessMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
    }
    this.messagesPublished = new Counter({
      name: 'parley_messages_published_total',
      help: 'Events published to Kafka, by topic, event type and outcome (acknowledged or failed).',
      labelNames: ['topic', 'type', 'outcome'],
      registers: [this.registry],
    });
    this.messagesConsumed = new Counter({
      name: 'parley_messages_consumed_total',
      help: 'Kafka messages taken by a consumer, by outcome: processed, duplicate, ignored, retried, dead_lettered.',
      labelNames: ['topic', 'consumer', 'outcome'],
      registers: [this.registry],
    });
    this.handlerDuration = new Histogram({
      name: 'parley_message_handler_duration_seconds',
      help: 'Time a consumer spent on one message, retries included.',
      labelNames: ['topic', 'consumer'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.publishDuration = new Histogram({
      name: 'parley_message_publish_duration_seconds',
      help: 'Time from publish to the broker acknowledgement.',
      labelNames: ['topic'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'Time from request to response, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
