import { createReportingState, indexesOf, type ReportingOptions, type ReportingState } from './reporting-engine.ts';

/** The snapshot layout; a release that changes the engine's state shape bumps it and converts older snapshots. */
export const REPORTING_STATE_FORMAT = 1;

/** The parts of the state that change; the options-derived settings come from the caller on decoding, the indexes from these. */
const STATE_FIELDS = [
  'watermark',
  'lastNow',
  'horizon',
  'seen',
  'conversations',
  'calls',
  'agents',
  'finished',
  'callLinks',
  'intervalRows',
  'agentRows',
  'records',
  'dirty',
] as const satisfies readonly (keyof ReportingState)[];

type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

/** JSON has no maps, sets or infinities; they travel as one-key objects whose key no payload field uses. */
function encode(value: unknown): Encoded {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : { '~number': String(value) };
  }
  if (value instanceof Map) {
    return { '~map': [...value.entries()].map(([key, item]) => [encode(key), encode(item)]) };
  }
  if (value instanceof Set) {
    return { '~set': [...value].map(encode) };
  }
  if (Array.isArray(value)) {
    return value.map(encode);
  }
  if (typeof value === 'object') {
    const out: Record<string, Encoded> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) {
        out[key] = encode(item);
      }
    }
    return out;
  }
  throw new TypeError(`cannot encode a ${typeof value} in the reporting state`);
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(decode);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const [only] = keys;
    if (only === '~number') {
      return Number(record['~number']);
    }
    if (only === '~map') {
      return new Map((record['~map'] as unknown[][]).map(([key, item]) => [decode(key), decode(item)]));
    }
    if (only === '~set') {
      return new Set((record['~set'] as unknown[]).map(decode));
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    out[key] = decode(record[key]);
  }
  return out;
}

/**
 * The whole engine state as text, for a snapshot: decoding it gives an engine that behaves exactly as this one
 * would, so a service can store the text, replay the inputs it applied since, and carry on as if never stopped.
 */
export function encodeReportingState(state: ReportingState): string {
  const fields: Record<string, Encoded> = {};
  for (const field of STATE_FIELDS) {
    fields[field] = encode(state[field]);
  }
  return JSON.stringify({ format: REPORTING_STATE_FORMAT, fields });
}

export class ReportingStateFormatError extends Error {
  constructor(found: unknown) {
    super(`the reporting state snapshot has format ${String(found)}; this engine reads format ${REPORTING_STATE_FORMAT}`);
    this.name = 'ReportingStateFormatError';
  }
}

/** An engine restored from `encodeReportingState` text, with today's options (lateness, skew, thresholds, retention). */
export function decodeReportingState(text: string, options: ReportingOptions = {}): ReportingState {
  const parsed = JSON.parse(text) as { format?: unknown; fields?: Record<string, unknown> };
  if (parsed.format !== REPORTING_STATE_FORMAT || typeof parsed.fields !== 'object' || parsed.fields === null) {
    throw new ReportingStateFormatError(parsed.format);
  }
  const state = createReportingState(options) as unknown as Record<string, unknown>;
  for (const field of STATE_FIELDS) {
    if (!(field in parsed.fields)) {
      throw new ReportingStateFormatError(`${String(parsed.format)} without ${field}`);
    }
    state[field] = decode(parsed.fields[field]);
  }
  state['indexes'] = indexesOf(state as unknown as ReportingState);
  return state as unknown as ReportingState;
}
