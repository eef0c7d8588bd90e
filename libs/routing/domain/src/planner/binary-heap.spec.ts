import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/random-snapshot.ts';
import { BinaryHeap } from './binary-heap.ts';

interface Item {
  value: number;
}

const isSmaller = (a: Item, b: Item): boolean => a.value < b.value;

function drain(heap: BinaryHeap<Item>): number[] {
  const values: number[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) {
    values.push(item.value);
  }
  return values;
}

describe('BinaryHeap', () => {
  it('is empty to begin with', () => {
    const heap = new BinaryHeap(isSmaller);

    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  it('gives back the items it was built from smallest first', () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 500 }, () => random.int(0, 100));

    const heap = new BinaryHeap(
      isSmaller,
      values.map((value) => ({ value })),
    );

    expect(heap.size).toBe(500);
    expect(drain(heap)).toEqual([...values].sort((a, b) => a - b));
  });

  it('keeps its order through interleaved pushes and pops', () => {
    const random = seededRandom(11);
    const heap = new BinaryHeap<Item>(isSmaller);
    const reference: number[] = [];
    for (let round = 0; round < 2_000; round += 1) {
      if (random.chance(0.6)) {
        const value = random.int(0, 50);
        heap.push({ value });
        reference.push(value);
        reference.sort((a, b) => a - b);
      } else {
        expect(heap.pop()?.value).toBe(reference.shift());
      }
      expect(heap.peek()?.value).toBe(reference[0]);
    }
    expect(drain(heap)).toEqual(reference);
  });
});
