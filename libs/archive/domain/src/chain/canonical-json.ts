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
  return write(value, [], new Set<object>());
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

/** Where in the value an error is, as `a.b[2].c`; kept as a stack and only formatted when something throws. */
type Path = (string | number)[];

function formatPath(path: Path): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}

function write(value: unknown, path: Path, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(formatPath(path), `${value} has no JSON form`);
      }
      return JSON.stringify(value);
    case 'object':
      return value === null ? 'null' : writeObject(value, path, ancestors);
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new CanonicalJsonError(formatPath(path), `a ${typeof value} has no JSON form`);
  }
}

function writeObject(value: object, path: Path, ancestors: Set<object>): string {
  if (value instanceof Date) {
    return JSON.stringify(canonicalInstant(value));
  }
  if (ancestors.has(value)) {
    throw new CanonicalJsonError(formatPath(path), 'a cycle has no JSON form');
  }
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    // Indexing visits holes as undefined, so a sparse array throws instead of writing `[1,,3]`.
    const items = value as unknown[];
    out = '[';
    for (let index = 0; index < items.length; index += 1) {
      path.push(index);
      out += (index === 0 ? '' : ',') + write(items[index], path, ancestors);
      path.pop();
    }
    out += ']';
  } else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new CanonicalJsonError(formatPath(path), 'only plain objects, arrays and Dates have a canonical form');
    }
    const record = value as Record<string, unknown>;
    // The default sort compares UTF-16 code units, the order canonical JSON promises.
    const keys = Object.keys(record).sort();
    out = '{';
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) {
        continue;
      }
      path.push(key);
      out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + write(item, path, ancestors);
      path.pop();
    }
    out += '}';
  }
  ancestors.delete(value);
  return out;
}
