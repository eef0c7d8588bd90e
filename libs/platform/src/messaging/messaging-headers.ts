import type { IHeaders } from 'kafkajs';

/** Envelope facts copied into headers so tools and dead-letter readers need not parse the value. */
export const HEADER_EVENT_ID = 'parley-event-id';
export const HEADER_EVENT_TYPE = 'parley-event-type';
export const HEADER_SCHEMA_VERSION = 'parley-schema-version';
export const HEADER_PRODUCER = 'parley-producer';
export const HEADER_CONTENT_TYPE = 'content-type';

export const HEADER_DLQ_REASON = 'parley-dlq-reason';
export const HEADER_DLQ_ERROR = 'parley-dlq-error';
export const HEADER_DLQ_SOURCE_TOPIC = 'parley-dlq-source-topic';
export const HEADER_DLQ_SOURCE_PARTITION = 'parley-dlq-source-partition';
export const HEADER_DLQ_SOURCE_OFFSET = 'parley-dlq-source-offset';
export const HEADER_DLQ_CONSUMER = 'parley-dlq-consumer';
export const HEADER_DLQ_ATTEMPTS = 'parley-dlq-attempts';
export const HEADER_DLQ_FAILED_AT = 'parley-dlq-failed-at';

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) {
    return undefined;
  }
  return typeof first === 'string' ? first : first.toString('utf8');
}

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerText(headers, name);
    if (value !== undefined) {
      text[name] = value;
    }
  }
  return text;
}
