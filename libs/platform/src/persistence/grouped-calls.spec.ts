import { describe, expect, it } from 'vitest';
import { GroupedCalls } from './grouped-calls.ts';

/** A statement whose round trips the test finishes by hand, recording what each batch carried. */
function controlledStatement() {
  const batches: number[][] = [];
  const finish: Array<(fail?: Error) => void> = [];
  const grouped = new GroupedCalls<number, number>(
    (inputs) =>
      new Promise((resolve, reject) => {
        batches.push([...inputs]);
        finish.push((fail) => (fail ? reject(fail) : resolve(inputs.map((input) => input * 10))));
      }),
    { maxBatch: 3 },
  );
  return { grouped, batches, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupedCalls', () => {
  it('runs a lone call at once and groups what arrives while it is in flight', async () => {
    const { grouped, batches, finish } = controlledStatement();
    const first = grouped.call(1);
    expect(batches).toEqual([[1]]);
    const later = [grouped.call(2), grouped.call(3)];
    await settle();
    expect(batches).toEqual([[1]]);
    finish[0]?.();
    expect(await first).toBe(10);
    await settle();
    expect(batches).toEqual([[1], [2, 3]]);
    finish[1]?.();
    expect(await Promise.all(later)).toEqual([20, 30]);
  });

  it('splits a backlog into batches of at most the configured size', async () => {
    const { grouped, batches, finish } = controlledStatement();
    const calls = [1, 2, 3, 4, 5].map((input) => grouped.call(input));
    finish[0]?.();
    await settle();
    finish[1]?.();
    await settle();
    finish[2]?.();
    expect(await Promise.all(calls)).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails only the calls of a failed batch and goes on with the next', async () => {
    const { grouped, batches, finish } = controlledStatement();
    const failed = [grouped.call(1)];
    const next = grouped.call(2);
    finish[0]?.(new Error('connection reset'));
    await expect(failed[0]).rejects.toThrow('connection reset');
    await settle();
    expect(batches).toEqual([[1], [2]]);
    finish[1]?.();
    expect(await next).toBe(20);
  });

  it('fails a batch whose statement answered a different number of inputs', async () => {
    const grouped = new GroupedCalls<number, number>(async () => [1]);
    const calls = [grouped.call(1), grouped.call(2), grouped.call(3)];
    await expect(calls[0]).resolves.toBe(1);
    await expect(calls[1]).rejects.toThrow('answered 1 of 2 inputs');
    await expect(calls[2]).rejects.toThrow('answered 1 of 2 inputs');
  });
});
