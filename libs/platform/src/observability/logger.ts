import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config-fragments.ts';
import { maskPhoneNumbersDeep, maskPhoneNumbersIn } from './phone-masking.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: LogLevel;
  destination?: DestinationStream;
}

/** JSON logs with the active trace ids, and every phone number masked whatever the caller passed. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => maskPhoneNumbersDeep(record) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((argument) => (typeof argument === 'string' ? maskPhoneNumbersIn(argument) : argument));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      mixin() {
        const spanContext = trace.getActiveSpan()?.spanContext();
        return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
      },
    },
    options.destination,
  );
}
