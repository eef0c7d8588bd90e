import { queueKeySchema } from '@parley/contracts';
import { z } from 'zod';

/** A tenant's queue as the router sees it. */
export interface RoutingQueue {
  key: string;
  /** 0..100; conversations of a higher-priority queue are offered first. */
  priority: number;
  /** The answer time the queue promises, reported against and never used to reorder. */
  serviceLevelSeconds: number;
  /** Moves a conversation that has waited `afterSeconds` since it was queued on to `toQueue`. */
  overflow?: { afterSeconds: number; toQueue: string };
}

export const MAX_QUEUE_PRIORITY = 100;
const DAY_SECONDS = 86_400;

export const routingQueueSchema = z
  .strictObject({
    key: queueKeySchema,
    priority: z.number().int().min(0).max(MAX_QUEUE_PRIORITY),
    serviceLevelSeconds: z.number().int().min(1).max(DAY_SECONDS),
    overflow: z
      .strictObject({
        afterSeconds: z.number().int().min(1).max(DAY_SECONDS),
        toQueue: queueKeySchema,
      })
      .optional(),
  })
  .refine((queue) => queue.overflow === undefined || queue.overflow.toQueue !== queue.key, {
    error: 'a queue cannot overflow into itself',
    path: ['overflow', 'toQueue'],
  });

/** Where a conversation waits now; `overflowed` when that is no longer the queue it joined. */
export interface EffectiveQueue {
  queue: string;
  overflowed: boolean;
}

/**
 * Follows the overflow rules from the conversation's own queue: each hop happens once the total wait since
 * `queuedSince` reaches that queue's `afterSeconds`, so a chain is walked in one call. A cycle stops before the
 * first queue it would revisit. A conversation in an undefined queue stays there, and an overflow target that is
 * not defined is not followed, so a mistyped or deleted target cannot strand conversations in a queue with no rules.
 */
export function effectiveQueue(
  conversation: { queue: string; queuedSince: Date },
  queues: ReadonlyMap<string, RoutingQueue>,
  now: Date,
): EffectiveQueue {
  const queue = followOverflow(conversation.queue, now.getTime() - conversation.queuedSince.getTime(), queues);
  return { queue, overflowed: queue !== conversation.queue };
}

/** `effectiveQueue` without the result object, for the planner's pass over a whole backlog. */
export function followOverflow(joined: string, waitedMs: number, queues: ReadonlyMap<string, RoutingQueue>): string {
  // Most queues never overflow, so the cycle guard is only allocated on the first hop.
  let visited: Set<string> | undefined;
  let current = joined;
  for (;;) {
    const overflow = queues.get(current)?.overflow;
    if (overflow === undefined || waitedMs < overflow.afterSeconds * 1000) {
      return current;
    }
    const next = overflow.toQueue;
    if (next === joined || visited?.has(next) === true || !queues.has(next)) {
      return current;
    }
    visited ??= new Set();
    visited.add(next);
    current = next;
  }
}

/**
 * The first overflow cycle among the queues (A overflows to B, B back to A …) as the list of queues in it, or
 * undefined. The admin API refuses a queue that would close one, so conversations cannot bounce between queues.
 */
export function findOverflowCycle(queues: readonly RoutingQueue[]): string[] | undefined {
  const next = new Map(queues.map((queue) => [queue.key, queue.overflow?.toQueue]));
  for (const start of next.keys()) {
    const path: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !path.includes(current)) {
      path.push(current);
      current = next.get(current);
    }
    if (current === start) {
      return path;
    }
  }
  return undefined;
}
