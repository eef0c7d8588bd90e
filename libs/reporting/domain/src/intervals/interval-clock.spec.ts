import { describe, expect, it } from 'vitest';
import { INTERVAL_MS, IsoTimes, toIso } from './interval-clock.ts';

describe('remembered ISO times', () => {
  it('print every instant as toIso does, also after starting over when full', () => {
    const times = new IsoTimes(4);
    const start = Date.UTC(2025, 2, 3, 9, 0, 0);
    for (let round = 0; round < 3; round += 1) {
      for (let index = 0; index < 10; index += 1) {
        const instant = start + index * INTERVAL_MS;
        expect(times.of(instant)).toBe(toIso(instant));
      }
    }
    expect(times.of(start + 1)).toBe('2025-03-03T09:00:00.001Z');
  });
});
