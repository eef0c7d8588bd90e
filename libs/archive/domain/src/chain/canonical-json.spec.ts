import { describe, expect, it } from 'vitest';
import { canonicalInstant, canonicalJson } from './canonical-json.ts';
import { CanonicalJsonError } from './chain.errors.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined properties and writes no whitespace', () => {
    const value = { b: 1, a: { z: [3, { y: true, x: null }], c: undefined }, 'é': 'x', A: 'upper' };

    expect(canonicalJson(value)).toBe('{"A":"upper","a":{"z":[3,{"x":null,"y":true}]},"b":1,"é":"x"}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    expect(canonicalJson({ tenantId: 't', sequence: 2, kind: 'event' })).toBe(canonicalJson({ kind: 'event', sequence: 2, tenantId: 't' }));
  });

  it('writes Dates as UTC ISO instants with milliseconds', () => {
    expect(canonicalJson({ at: new Date('2025-03-03T12:00:00+02:00') })).toBe('{"at":"2025-03-03T10:00:00.000Z"}');
  });

  it('escapes strings as JSON does, including quotes, control characters and lone surrogates', () => {
    expect(canonicalJson(['"q"\n', '\u0001', '\ud800'])).toBe('["\\"q\\"\\n","\\u0001","\\ud800"]');
  });

  it.each([
    ['NaN', { n: Number.NaN }, 'n'],
    ['Infinity', { n: Number.POSITIVE_INFINITY }, 'n'],
    ['a bigint', { n: 1n }, 'n'],
    ['a Map', { m: new Map() }, 'm'],
    ['a class instance', { c: new (class Thing {})() }, 'c'],
    ['undefined inside an array', { list: [1, undefined] }, 'list[1]'],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse array', { list: [1, , 3] }, 'list[1]'],
    ['a function', { f: () => 1 }, 'f'],
    ['an invalid Date', { at: new Date('nope') }, 'instant'],
  ])('refuses %s, naming where it is', (_label, value, path) => {
    let thrown: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CanonicalJsonError);
    expect((thrown as CanonicalJsonError).code).toBe('archive.canonical-json-unsupported');
    expect((thrown as CanonicalJsonError).details).toEqual({ path });
  });

  it('refuses a cycle but accepts the same object twice side by side', () => {
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;

    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"v":1},"y":{"v":1}}');
    expect(() => canonicalJson(cyclic)).toThrow(CanonicalJsonError);
  });
});

describe('canonicalInstant', () => {
  it('normalizes any offset to UTC with milliseconds', () => {
    expect(canonicalInstant('2025-01-01T01:30:00+01:30')).toBe('2025-01-01T00:00:00.000Z');
    expect(canonicalInstant(new Date(Date.UTC(2025, 0, 1)))).toBe('2025-01-01T00:00:00.000Z');
  });

  it('refuses a string that is no date', () => {
    expect(() => canonicalInstant('yesterday')).toThrow(CanonicalJsonError);
  });
});
