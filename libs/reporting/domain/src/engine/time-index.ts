/**
 * How wide the buckets of the engine's expiry indexes are: about one publication apart, so that the bucket a limit
 * falls in, whose keys are looked at one by one, is sifted about once rather than at every publication.
 */
export const EXPIRY_BUCKET_MS = 10_000;

function bucketOf(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/** Bucket starts kept in ascending order, so those before a limit are visited first and the rest not at all. */
class BucketStarts {
  readonly #starts: number[] = [];

  get list(): readonly number[] {
    return this.#starts;
  }

  add(start: number): void {
    let place = this.#starts.length;
    // New buckets are mostly the latest ones.
    while (place > 0 && (this.#starts[place - 1] as number) > start) {
      place -= 1;
    }
    this.#starts.splice(place, 0, start);
  }

  remove(start: number): void {
    const place = this.#starts.indexOf(start);
    if (place >= 0) {
      this.#starts.splice(place, 1);
    }
  }

  /** Removes the first `count` starts. */
  drop(count: number): void {
    this.#starts.splice(0, count);
  }
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
  readonly #starts = new BucketStarts();
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
        this.#starts.add(start);
      }
      bucket.add(key);
    }
  }

  /** Removes and returns the keys filed before `limit` (or at it, when `inclusive`), in the order they were first filed. */
  takeDue(limit: number, inclusive = false): string[] {
    const due: { key: string; ordinal: number }[] = [];
    let emptied = 0;
    for (const start of this.#starts.list) {
      if (start > limit || (start === limit && !inclusive)) {
        break;
      }
      const bucket = this.#buckets.get(start) ?? new Set<string>();
      for (const key of bucket) {
        const filed = this.#filed.get(key);
        if (filed && (filed.at < limit || (inclusive && filed.at === limit))) {
          due.push({ key, ordinal: filed.ordinal });
          bucket.delete(key);
          this.#filed.delete(key);
        }
      }
      if (bucket.size > 0) {
        // Only the bucket holding the limit keeps keys: none after it is due.
        break;
      }
      this.#buckets.delete(start);
      emptied += 1;
    }
    this.#starts.drop(emptied);
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
        this.#starts.remove(start);
      }
    }
  }
}

/**
 * The keys of a key → time map whose times never move once set (event ids, finished subjects), filed in buckets of
 * `bucketMs` kept in time order, so that dropping the keys before a limit visits only the buckets before it. Lighter
 * than a `TimeIndex`: a bucket holds a plain list. Each key the map holds must be noted once, when set, under its
 * time, and leave the map only through `expire`: then every bucket holds exactly the keys of the map in its span.
 */
export class TimeBuckets {
  readonly #bucketMs: number;
  readonly #buckets = new Map<number, string[]>();
  readonly #starts = new BucketStarts();

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
    this.#starts.add(start);
  }

  /** Deletes from `times` every noted key whose time is before `limit`. */
  expire(times: Map<string, number>, limit: number): void {
    let emptied = 0;
    for (const start of this.#starts.list) {
      if (start >= limit) {
        break;
      }
      const bucket = this.#buckets.get(start) ?? [];
      if (start + this.#bucketMs <= limit) {
        // The whole bucket is before the limit, and holds only keys of the map.
        for (const key of bucket) {
          times.delete(key);
        }
        this.#buckets.delete(start);
        emptied += 1;
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
        emptied += 1;
      }
      break;
    }
    this.#starts.drop(emptied);
  }
}
