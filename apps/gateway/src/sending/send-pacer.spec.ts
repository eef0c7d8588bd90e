import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../config.ts';
import { SendPacer } from './send-pacer.ts';

const config = { vonage: { ratePerSecond: { 'long-code': 20, 'toll-free': 100, 'short-code': 1_000 } } } as GatewayConfig;
const START = 1_000_000;

// A fake clock makes the pacing exact and independent of how busy the machine is.
describe('SendPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('spaces sends from one number to its rate and lets other numbers go at once', async () => {
    const pacer = new SendPacer(config);
    const granted: number[] = [];
    const sends = Array.from({ length: 5 }, async () => {
      await pacer.acquire('+14155550100', 'long-code');
      granted.push(Date.now() - START);
    });
    const other = pacer.acquire('+14155550199', 'long-code').then(() => Date.now() - START);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(sends);
    expect(granted).toEqual([0, 50, 100, 150, 200]);
    expect(await other).toBe(0);
  });

  it('holds a number back after the carrier asked to wait', async () => {
    const pacer = new SendPacer(config);
    pacer.defer('+14155550100', 120);
    const granted = pacer.acquire('+14155550100', 'short-code').then(() => Date.now() - START);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await granted).toBe(120);
  });
});
