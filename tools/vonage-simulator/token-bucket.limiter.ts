export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/** Requests per second with a burst of one second's worth, like Vonage's per-key API limit. */
export class TokenBucket {
  readonly capacity: number;
  private readonly refillPerMs: number;
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;

  constructor(ratePerSecond: number, now: () => number = () => Date.now()) {
    this.capacity = ratePerSecond;
    this.refillPerMs = ratePerSecond / 1000;
    this.tokens = ratePerSecond;
    this.now = now;
    this.updatedAt = now();
  }

  take(): TakeResult {
    const current = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (current - this.updatedAt) * this.refillPerMs);
    this.updatedAt = current;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - this.tokens) / this.refillPerMs) };
  }
}
