import { describe, expect, it } from 'vitest';
import { percentile90 } from './row-output.ts';

describe('percentile90', () => {
  it('is the nearest-rank 90th percentile of the sorted samples', () => {
    expect(percentile90([])).toBeNull();
    expect(percentile90([7])).toBe(7);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(10);
    expect(percentile90(Array.from({ length: 20 }, (_, index) => index + 1))).toBe(18);
  });
});
