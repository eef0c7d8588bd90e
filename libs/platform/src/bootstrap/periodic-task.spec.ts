import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from './periodic-task.ts';

describe('PeriodicTask', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs on every tick, but never starts a run while the previous one is still going', async () => {
    let started = 0;
    let finish: () => void = () => undefined;
    const task = new PeriodicTask(async () => {
      started += 1;
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    }, 100);
    task.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(started).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
    finish();
    await task.stop();
  });

  it('waits for the run in progress when stopped, and runs no more', async () => {
    const order: string[] = [];
    const task = new PeriodicTask(async () => {
      order.push('run');
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('done');
    }, 100);
    task.start();
    await vi.advanceTimersByTimeAsync(100);
    const stopped = task.stop().then(() => order.push('stopped'));
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(order).toEqual(['run', 'done', 'stopped']);
  });
});
