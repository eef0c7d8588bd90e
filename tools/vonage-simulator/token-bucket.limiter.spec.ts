import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.limiter.ts';

describe('TokenBucket', () => {
  it('allows a burst of one second, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, () => now);

    expect(bucket.take()).toEqual({ ok: true, remaining: 1 });
    expect(bucket.take()).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 500 });

    now = 500;
    expect(bucket.take().ok).toBe(true);
    expect(bucket.take().ok).toBe(false);

    now = 10_000;
    expect(bucket.take()).toEqual({ ok: true, remaining: 1 });
  });
});
