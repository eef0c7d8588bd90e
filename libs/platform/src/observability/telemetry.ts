import { context, propagation, SpanKind, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  AlwaysOffSampler,
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
 * Starts tracing for the process. Kafka hops are traced by the messaging layer itself (it writes and reads the
 * `traceparent` header), so no library patching is involved and the order of imports does not matter.
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
    // With nowhere to send spans, new traces are not recorded; context (and trace ids in logs) still propagates.
    sampler: new ParentBasedSampler({ root: processors.length > 0 ? new AlwaysOnSampler() : new AlwaysOffSampler() }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);

  const handle: TelemetryHandle = {
    enabled: true,
    async shutdown() {
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
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return platformTracer().startActiveSpan(name, { attributes, kind }, async (span) => {
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
