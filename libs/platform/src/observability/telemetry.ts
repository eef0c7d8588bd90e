import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  AlwaysOnSampler,
  TracerProvider,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TelemetryConfig } from '../config/config-fragments.ts';

export const PARLEY_SERVICE_ATTRIBUTE = 'parley.service';
const TRACER_NAME = '@parley/platform';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  config: TelemetryConfig;
  /** Extra processors, such as an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface TelemetryHandle {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

let active: TelemetryHandle | undefined;

/**
 * Starts tracing for the process. It must run before kafkajs is first loaded, because the instrumentation
 * patches kafkajs as it is required; the messaging layer loads kafkajs lazily for that reason.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (active) {
    return active;
  }
  if (!options.config.enabled) {
    active = { enabled: false, shutdown: async () => {} };
    return active;
  }
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.config.exporter === 'otlp') {
    processors.push(
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(options.config.tracesEndpoint ? { url: options.config.tracesEndpoint } : {}),
      }),
    );
  } else if (options.config.exporter === 'console') {
    processors.push(new BatchSpanProcessor({ exporter: new ConsoleSpanExporter() }));
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.config.serviceName ?? options.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);
  const kafkaInstrumentation = new KafkaJsInstrumentation();
  kafkaInstrumentation.setTracerProvider(provider);
  kafkaInstrumentation.enable();

  const handle: TelemetryHandle = {
    enabled: true,
    async shutdown() {
      kafkaInstrumentation.disable();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      active = undefined;
    },
  };
  active = handle;
  return handle;
}

export function platformTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** Runs work inside a span named for one service step, recording any error on it. */
export async function withSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return platformTracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : new Error(String(error)));
      span.setStatus({ code: 2, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
