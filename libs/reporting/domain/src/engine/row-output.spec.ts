import { describe, expect, it } from 'vitest';
import { addContributor, contributorOrder, percentile90, removeContributor } from './row-output.ts';

describe('percentile90', () => {
  it('is the nearest-rank 90th percentile of the sorted samples', () => {
    expect(percentile90([])).toBeNull();
    expect(percentile90([7])).toBe(7);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(10);
    expect(percentile90(Array.from({ length: 20 }, (_, index) => index + 1))).toBe(18);
  });
});

describe('the order contributions are summed in', () => {
  it('stays the sorted order of the contributors as they come and go', () => {
    const contributions = new Map<string, number>();
    const order: string[] = [];
    const steps: [string, boolean][] = [
      ['conversation/t/b', true],
      ['conversation/t/a', true],
      ['call/t/z', true],
      ['conversation/t/b', true],
      ['conversation/t/c', true],
      ['conversation/t/a', false],
      ['conversation/t/missing', false],
      ['conversation/t/a', true],
      ['call/t/z', false],
    ];
    for (const [contributor, present] of steps) {
      if (present) {
        contributions.set(contributor, 1);
        addContributor(order, contributor);
      } else {
        contributions.delete(contributor);
        removeContributor(order, contributor);
      }
      expect(order).toEqual(contributorOrder(contributions));
    }
    expect(order).toEqual(['conversation/t/a', 'conversation/t/b', 'conversation/t/c']);
  });
});
