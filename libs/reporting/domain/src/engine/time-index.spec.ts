import { describe, expect, it } from 'vitest';
import { TimeBuckets, TimeIndex } from './time-index.ts';

const MINUTE = 60_000;

describe('a time index', () => {
  it('gives the keys due before a limit, in the order they were first filed, and forgets them', () => {
    const index = new TimeIndex();
    index.file('c', 5 * MINUTE);
    index.file('a', 1 * MINUTE);
    index.file('b', 3 * MINUTE + 10);
    index.file('open', null);
    expect(index.takeDue(3 * MINUTE + 10)).toEqual(['a']);
    expect(index.takeDue(10 * MINUTE)).toEqual(['c', 'b']);
    expect(index.takeDue(10 * MINUTE)).toEqual([]);
    expect(index.size).toBe(1);
  });

  it('takes a key due exactly at the limit only when asked to include it', () => {
    const index = new TimeIndex(15 * MINUTE);
    index.file('row', 15 * MINUTE);
    expect(index.takeDue(15 * MINUTE)).toEqual([]);
    expect(index.takeDue(15 * MINUTE, true)).toEqual(['row']);
  });

  it('moves a key to its new time but keeps its place in the order', () => {
    const index = new TimeIndex();
    index.file('first', null);
    index.file('second', 2 * MINUTE);
    index.file('first', 20 * MINUTE);
    expect(index.takeDue(10 * MINUTE)).toEqual(['second']);
    index.file('first', 4 * MINUTE);
    index.file('third', MINUTE);
    expect(index.takeDue(10 * MINUTE)).toEqual(['first', 'third']);
  });

  it('never gives a key whose time went back to none', () => {
    const index = new TimeIndex();
    index.file('reopened', MINUTE);
    index.file('reopened', null);
    expect(index.takeDue(Number.POSITIVE_INFINITY)).toEqual([]);
    expect(index.size).toBe(1);
  });
});

describe('time buckets', () => {
  function noted(entries: [string, number][], bucketMs = 10_000): { times: Map<string, number>; buckets: TimeBuckets } {
    const times = new Map<string, number>();
    const buckets = new TimeBuckets(bucketMs);
    for (const [key, at] of entries) {
      times.set(key, at);
      buckets.add(key, at);
    }
    return { times, buckets };
  }

  it('deletes exactly the keys before the limit, also within the bucket the limit falls in', () => {
    const { times, buckets } = noted([
      ['late', 25_000],
      ['early', 1_000],
      ['just-before', 14_999],
      ['at-limit', 15_000],
      ['later', 40_000],
    ]);
    buckets.expire(times, 15_000);
    expect([...times.keys()]).toEqual(['late', 'at-limit', 'later']);
    buckets.expire(times, 30_000);
    expect([...times.keys()]).toEqual(['later']);
    buckets.expire(times, 40_001);
    expect(times.size).toBe(0);
  });

  it('keeps a key set again under a later time when its old bucket comes due', () => {
    const { times, buckets } = noted([['id', 1_000]]);
    buckets.expire(times, 2_000);
    times.set('id', 50_000);
    buckets.add('id', 50_000);
    buckets.expire(times, 20_000);
    expect(times.get('id')).toBe(50_000);
    buckets.expire(times, 60_000);
    expect(times.has('id')).toBe(false);
  });

  it('handles buckets noted out of time order and a time that never comes due', () => {
    const { times, buckets } = noted([
      ['c', 35_000],
      ['a', 5_000],
      ['never', Number.NaN],
      ['b', 21_000],
    ]);
    buckets.expire(times, 30_000);
    expect([...times.keys()]).toEqual(['c', 'never']);
    buckets.expire(times, Number.POSITIVE_INFINITY);
    expect([...times.keys()]).toEqual(['never']);
  });
});
