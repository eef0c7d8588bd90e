import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.ts';

describe('a bounded memo', () => {
  it('gives back what was set until it is full, then starts over', () => {
    const memo = new BoundedMemo<number, string>(3);
    memo.set(1, 'one');
    memo.set(2, 'two');
    memo.set(2, 'deux');
    memo.set(3, 'three');
    expect([memo.get(1), memo.get(2), memo.get(3)]).toEqual(['one', 'deux', 'three']);
    memo.set(4, 'four');
    expect([memo.get(1), memo.get(2), memo.get(3), memo.get(4)]).toEqual([undefined, undefined, undefined, 'four']);
  });
});
