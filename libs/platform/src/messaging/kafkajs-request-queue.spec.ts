import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kafkaRequestQueueClass } from './kafkajs-request-queue.ts';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A queue that may never send (no request may be in flight), so waiting requests stay waiting. */
function queue() {
  const RequestQueue = kafkaRequestQueueClass();
  return new RequestQueue({ maxInFlightRequests: 0, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'broker:9092', logger: quiet });
}

describe("kafkajs's request queue, as the platform runs it", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('schedules nothing once a connection has nothing waiting and no throttle', () => {
    const idle = queue();
    idle.checkPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('checks again every 10 ms while requests wait', () => {
    const busy = queue();
    busy.pending.push({ waiting: true });
    const check = vi.spyOn(busy, 'checkPendingRequests');
    busy.scheduleCheckPendingRequests();
    vi.advanceTimersByTime(9);
    expect(check).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('waits out a broker throttle before checking, whether or not anything waits', () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 500;
    const check = vi.spyOn(throttled, 'checkPendingRequests');
    throttled.scheduleCheckPendingRequests();
    vi.advanceTimersByTime(499);
    expect(check).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
