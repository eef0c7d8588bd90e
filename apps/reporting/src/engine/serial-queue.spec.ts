import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';

describe('SerialQueue', () => {
  it('runs work one piece at a time in the order asked, whatever each takes', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = queue.run(async () => {
      log.push('first:start');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      log.push('first:end');
      return 1;
    });
    const second = queue.run(async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first:start']);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first:start', 'first:end', 'second']);
  });

  it('fails only the caller whose work failed', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const next = queue.run(() => Promise.resolve('still runs'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('still runs');
    await queue.drain();
  });
});
