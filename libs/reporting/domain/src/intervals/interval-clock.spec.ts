import { describe, expect, it } from 'vitest';
import { toIso } from './interval-clock.ts';

describe('an instant written as ISO text', () => {
  it('reads as Date#toISOString writes it, around every kind of date', () => {
    const instants = [
      0,
      1,
      999,
      Date.UTC(1970, 0, 1, 23, 59, 59, 999),
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 12, 0, 0, 5),
      Date.UTC(2000, 2, 1),
      Date.UTC(2024, 1, 29, 23, 59, 59, 990),
      Date.UTC(2025, 2, 3, 9, 15),
      Date.UTC(2100, 1, 28, 1, 2, 3, 40),
      Date.UTC(2100, 2, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10_000, 0, 1),
      -1,
      Date.UTC(1969, 11, 31, 23, 0),
      Date.UTC(2025, 2, 3, 9, 15) + 0.5,
    ];
    let value = 12_345;
    for (let index = 0; index < 20_000; index += 1) {
      value = (value * 1_103_515_245 + 12_345) % 2_147_483_648;
      instants.push(Math.floor((value / 2_147_483_648) * 4_102_444_800_000));
    }
    for (const instant of instants) {
      expect(toIso(instant)).toBe(new Date(instant).toISOString());
    }
  });
});
