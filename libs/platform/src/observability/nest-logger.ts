import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

// Nest lists every module and route it wires at start; useful when debugging, noise otherwise.
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Routes Nest's own log lines into the service's JSON logger. */
export class NestPinoLogger implements LoggerService {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  log(message: unknown, ...context: unknown[]): void {
    const nestContext = context.at(-1);
    this.#write(typeof nestContext === 'string' && STARTUP_CONTEXTS.has(nestContext) ? 'debug' : 'info', message, context);
  }

  error(message: unknown, ...context: unknown[]): void {
    this.#write('error', message, context);
  }

  warn(message: unknown, ...context: unknown[]): void {
    this.#write('warn', message, context);
  }

  debug(message: unknown, ...context: unknown[]): void {
    this.#write('debug', message, context);
  }

  verbose(message: unknown, ...context: unknown[]): void {
    this.#write('trace', message, context);
  }

  fatal(message: unknown, ...context: unknown[]): void {
    this.#write('fatal', message, context);
  }

  #write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context: unknown[]): void {
    const strings = context.filter((item): item is string => typeof item === 'string');
    const nestContext = strings.at(-1);
    const stack = level === 'error' || level === 'fatal' ? strings.at(-2) : undefined;
    const fields: Record<string, unknown> = nestContext ? { context: nestContext } : {};
    if (stack) {
      fields['stack'] = stack;
    }
    if (message instanceof Error) {
      this.#logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.#logger[level]({ ...fields, ...message });
    } else {
      this.#logger[level](fields, String(message));
    }
  }
}
