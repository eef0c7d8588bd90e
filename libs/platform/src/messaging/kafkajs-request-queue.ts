import { createRequire } from 'node:module';

/** The part of kafkajs's per-connection request queue the fix below touches. */
export interface KafkaRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for a queue that has requests waiting but is not throttled. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/**
 * kafkajs 2.2.4 (its last release) re-arms a 1 ms timer on every connection forever once the connection has
 * answered a request, even with nothing waiting (tulios/kafkajs#1704, #1751): thousands of wake-ups a second per
 * service, idle or not. This is the fix proposed upstream (tulios/kafkajs#1667): with nothing waiting and no
 * throttle, schedule nothing, since the next request checks the queue itself when it arrives.
 */
function scheduleCheckPendingRequests(this: KafkaRequestQueue): void {
  if (this.throttleCheckTimeoutId) {
    return;
  }
  let delayMs = this.throttledUntil - Date.now();
  if (this.pending.length > 0) {
    delayMs = delayMs > 0 ? delayMs : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  } else if (delayMs <= 0) {
    return;
  }
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delayMs);
}

/** kafkajs's RequestQueue class, with the fix applied (once, on first use). */
export function kafkaRequestQueueClass(): new (options: Record<string, unknown>) => KafkaRequestQueue {
  const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (
    options: Record<string, unknown>,
  ) => KafkaRequestQueue;
  const prototype = RequestQueue.prototype as KafkaRequestQueue;
  if (typeof prototype.scheduleCheckPendingRequests !== 'function') {
    throw new Error('kafkajs changed its request queue; the timer fix in kafkajs-request-queue.ts needs a look');
  }
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return RequestQueue;
}

kafkaRequestQueueClass();
