import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config.ts';
import { SendPacer } from './send-pacer.ts';

const config = { vonage: { ratePerSecond: { 'long-code': 20, 'toll-free': 100, 'short-code': 1_000 } } } as GatewayConfig;

describe('SendPacer', () => {
  it('spaces sends from one number to its rate and lets other numbers go at once', async () => {
    const pacer = new SendPacer(config);
    const started = performance.now();
    for (let index = 0; index < 5; index += 1) {
      await pacer.acquire('+14155550100', 'long-code');
    }
    const paced = performance.now() - started;
    expect(paced).toBeGreaterThanOrEqual(4 * 50 - 5);
    const other = performance.now();
    await pacer.acquire('+14155550199', 'long-code');
    expect(performance.now() - other).toBeLessThan(20);
  });

  it('holds a number back after the carrier asked to wait', async () => {
    const pacer = new SendPacer(config);
    pacer.defer('+14155550100', 120);
    const started = performance.now();
    await pacer.acquire('+14155550100', 'short-code');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});
