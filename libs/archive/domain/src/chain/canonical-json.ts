import { CanonicalJsonError } from './chain.errors.ts';

/** A value that canonical JSON can represent: what JSON can hold, plus Dates written as ISO instants. */
export type JsonValue = string | number | boolean | null | Date | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

export type JsonObject = { readonly [key: string]: JsonValue | undefined };

/**
 * One byte-exact JSON form for a value, so its hash is reproducible on any machine: object keys sorted by code
 * unit, properties whose value is undefined left out, Dates as `toISOString()`, no whitespace. Anything without
 * one obvious form (NaN, Infinity, bigint, a Map, a class instance, undefined inside an array, a cycle) throws.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '', new Set<object>());
}

/**
 * An instant as the chain stores it: UTC with milliseconds, the form Postgres `timestamptz` gives back through a
 * JavaScript Date, so a record read back hashes the same as when it was written.
 */
export function canonicalInstant(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new CanonicalJsonError('instant', `not a valid date-time: ${String(value)}`);
  }
  return date.toISOString();
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(path, `${value} has no JSON form`);
      }
      return JSON.stringify(value);
    case 'object':
      return value === null ? 'null' : writeObject(value, path, ancestors);
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new CanonicalJsonError(path, `a ${typeof value} has no JSON form`);
  }
}

function writeObject(value: object, path: string, ancestors: Set<object>): string {
  if (value instanceof Date) {
    return JSON.stringify(canonicalInstant(value));
  }
  if (ancestors.has(value)) {
    throw new CanonicalJsonError(path, 'a cycle has no JSON form');
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      // Array.from visits holes as undefined, so a sparse array throws instead of writing `[1,,3]`.
      return `[${Array.from(value as unknown[], (item, index) => write(item, `${path}[${index}]`, ancestors)).join(',')}]`;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new CanonicalJsonError(path, 'only plain objects, arrays and Dates have a canonical form');
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, path ? `${path}.${key}` : key, ancestors)}`).join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
