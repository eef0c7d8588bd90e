/** How wide the buckets of the engine's expiry indexes are: a minute keeps few buckets and few keys per bucket. */
export const EXPIRY_BUCKET_MS = 60_000;

function bucketOf(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

interface Filed {
  at: number;
  readonly ordinal: number;
}

/**
 * Keys filed under a time that may still move (a conversation's end, a row's interval end), in buckets, so that the
 * keys whose time has passed a limit are found by visiting only the buckets before it, not every key. A key filed
 * without a time never comes due; keys come due in the order they were first filed, whatever their times.
 */
export class TimeIndex {
  readonly #bucketMs: number;
  readonly #filed = new Map<string, Filed>();
  readonly #buckets = new Map<number, Set<string>>();
  #nextOrdinal = 0;

  constructor(bucketMs: number = EXPIRY_BUCKET_MS) {
    this.#bucketMs = bucketMs;
  }

  get size(): number {
    return this.#filed.size;
  }

  /** Files `key` under `at` (null: no time yet), or moves it there; a moved key keeps its place in the filing order. */
  file(key: string, at: number | null): void {
    const time = at ?? Number.POSITIVE_INFINITY;
    const filed = this.#filed.get(key);
    if (filed) {
      if (filed.at === time) {
        return;
      }
      this.#unbucket(key, filed.at);
      filed.at = time;
    } else {
      this.#filed.set(key, { at: time, ordinal: this.#nextOrdinal });
      this.#nextOrdinal += 1;
    }
    // A key with no finite time never comes due, so no bucket needs to hold it.
    if (Number.isFinite(time) || time === Number.NEGATIVE_INFINITY) {
      const start = bucketOf(time, this.#bucketMs);
      let bucket = this.#buckets.get(start);
      if (!bucket) {
        bucket = new Set();
        this.#buckets.set(start, bucket);
      }
      bucket.add(key);
    }
  }

  remove(key: string): void {
    const filed = this.#filed.get(key);
    if (filed) {
      this.#unbucket(key, filed.at);
      this.#filed.delete(key);
    }
  }

  /** Removes and returns the keys filed before `limit` (or at it, when `inclusive`), in the order they were first filed. */
  takeDue(limit: number, inclusive = false): string[] {
    const due: { key: string; ordinal: number }[] = [];
    for (const [start, bucket] of this.#buckets) {
      if (start > limit || (start === limit && !inclusive)) {
        continue;
      }
      for (const key of bucket) {
        const filed = this.#filed.get(key);
        if (filed && (filed.at < limit || (inclusive && filed.at === limit))) {
          due.push({ key, ordinal: filed.ordinal });
          bucket.delete(key);
          this.#filed.delete(key);
        }
      }
      if (bucket.size === 0) {
        this.#buckets.delete(start);
      }
    }
    if (due.length > 1) {
      due.sort((left, right) => left.ordinal - right.ordinal);
    }
    return due.map((entry) => entry.key);
  }

  #unbucket(key: string, at: number): void {
    const start = bucketOf(at, this.#bucketMs);
    const bucket = this.#buckets.get(start);
    if (bucket) {
      bucket.delete(key);
      if (bucket.size === 0) {
        this.#buckets.delete(start);
      }
    }
  }
}

/**
 * The keys of a key → time map whose times never move once set (event ids, finished subjects), filed in buckets of
 * `bucketMs` kept in time order, so that dropping the keys before a limit visits only the buckets before it. Lighter
 * than a `TimeIndex`: a bucket holds a plain list, and a key set again under a new time (after it was dropped) is
 * checked against the map when its old bucket comes due.
 */
export class TimeBuckets {
  readonly #bucketMs: number;
  readonly #buckets = new Map<number, string[]>();
  /** The buckets' starts, ascending. */
  readonly #starts: number[] = [];

  constructor(bucketMs: number = EXPIRY_BUCKET_MS) {
    this.#bucketMs = bucketMs;
  }

  /** Notes that `times` now maps `key` to `at`. */
  add(key: string, at: number): void {
    if (!(at < Number.POSITIVE_INFINITY)) {
      // No limit is ever past it (NaN included), so no bucket needs to hold it.
      return;
    }
    const start = bucketOf(at, this.#bucketMs);
    const bucket = this.#buckets.get(start);
    if (bucket) {
      bucket.push(key);
      return;
    }
    this.#buckets.set(start, [key]);
    let place = this.#starts.length;
    while (place > 0 && (this.#starts[place - 1] as number) > start) {
      place -= 1;
    }
    this.#starts.splice(place, 0, start);
  }

  /** Deletes from `times` every noted key whose time is before `limit`. */
  expire(times: Map<string, number>, limit: number): void {
    let done = 0;
    for (const start of this.#starts) {
      if (start >= limit) {
        break;
      }
      const bucket = this.#buckets.get(start) ?? [];
      if (start + this.#bucketMs <= limit) {
        for (const key of bucket) {
          if ((times.get(key) ?? Number.POSITIVE_INFINITY) < limit) {
            times.delete(key);
          }
        }
        this.#buckets.delete(start);
        done += 1;
        continue;
      }
      // The bucket holding the limit: drop what is before it and keep the rest for a later call.
      const kept = bucket.filter((key) => {
        const at = times.get(key);
        if (at !== undefined && at < limit) {
          times.delete(key);
          return false;
        }
        return at !== undefined;
      });
      if (kept.length > 0) {
        this.#buckets.set(start, kept);
      } else {
        this.#buckets.delete(start);
        done += 1;
      }
      break;
    }
    this.#starts.splice(0, done);
  }
}
