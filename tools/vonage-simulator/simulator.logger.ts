export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export type LogSink = (line: Record<string, unknown>) => void;

// Bare 7-15 digit runs (optionally with +) are how customer numbers appear in Vonage payloads and URLs.
const PHONE_PATTERN = /(?<![\w.-])\+?\d{7,15}(?![\w-])/g;

/** Keeps only the last four digits, enough to tell numbers apart in a log. */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function maskPhoneNumbersDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.replace(PHONE_PATTERN, (match) => maskPhoneNumber(match));
  }
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => maskPhoneNumbersDeep(item, depth + 1));
  }
  if (value instanceof Error) {
    return { type: value.name, message: maskPhoneNumbersDeep(value.message, depth + 1) };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskPhoneNumbersDeep(item, depth + 1)]));
}

export interface SimulatorLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Structured lines with `level`, `time` and `message`; phone numbers are masked before any sink sees them. */
export function createSimulatorLogger(sink: LogSink | undefined, now: () => Date = () => new Date()): SimulatorLogger {
  const write = (level: LogLevel, message: string, fields: Record<string, unknown> = {}): void => {
    if (!sink) {
      return;
    }
    const masked = maskPhoneNumbersDeep(fields) as Record<string, unknown>;
    sink({ level, time: now().toISOString(), message: maskPhoneNumbersDeep(message), ...masked });
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
