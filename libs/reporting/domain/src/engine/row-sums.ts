import type { IntervalRow } from '../rows/report-rows.ts';
import { INTERVAL_COUNTS, type IntervalContribution, type IntervalSlot } from '../rows/row-contributions.ts';
import { emptyIntervalTotals, intervalFigures, intervalFiguresFromTotals, type Figures, type IntervalTotals } from './row-output.ts';

/**
 * Rows sum their contributions in a fixed order, by contributor, so a row prints the same whatever order events came
 * in (sums of fractional figures depend on their order).
 */
export function inContributorOrder<TPart>(contributions: ReadonlyMap<string, TPart>): TPart[] {
  return [...contributions.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, part]) => part);
}

/** Counts and durations the running totals add up exactly in any order: whole, non-negative, short of 2^53. */
function isWhole(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0);
}

function isSummable(part: IntervalContribution): boolean {
  return INTERVAL_COUNTS.every((key) => isWhole(part[key])) && part.waitsMs.every(isWhole) && part.handlesMs.every(isWhole);
}

/** The index of `value` in an ascending list, or where it would go. */
function placeOfNumber(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * Running totals of an open interval row's contributions, so that printing the row costs what changed rather than a
 * pass over every conversation that touched the interval. Whole figures add up the same in any order, so totals of
 * them print exactly what summing in contributor order prints; while any part holds another figure (a fractional
 * voice duration), the row is summed in contributor order as before.
 */
export class IntervalSums {
  readonly #totals: IntervalTotals = emptyIntervalTotals();
  /** How many parts the totals leave out because they hold a figure totals cannot sum exactly. */
  #unsummable = 0;
  /** Set for good once a total passes 2^53, after which it may no longer be exact. */
  #outOfRange = false;

  /** Takes one contributor's part from `previous` to `next` (either absent when it comes or goes). */
  replace(previous: IntervalContribution | undefined, next: IntervalContribution | undefined): void {
    if (previous) {
      this.#count(previous, -1);
    }
    if (next) {
      this.#count(next, 1);
    }
  }

  /** The row's figures; `contributions` are the row's, those these totals were kept of. */
  figures(slot: IntervalSlot, contributions: ReadonlyMap<string, IntervalContribution>, thresholdMs: number, iso: (epochMs: number) => string): Figures<IntervalRow> {
    if (this.#unsummable > 0 || this.#outOfRange) {
      return intervalFigures(slot, inContributorOrder(contributions), thresholdMs, iso);
    }
    return intervalFiguresFromTotals(slot, this.#totals, thresholdMs, iso);
  }

  #count(part: IntervalContribution, sign: 1 | -1): void {
    if (!isSummable(part)) {
      this.#unsummable += sign;
      return;
    }
    const totals = this.#totals;
    let largest = 0;
    for (const key of INTERVAL_COUNTS) {
      totals[key] += sign * part[key];
      largest = Math.max(largest, totals[key]);
    }
    for (const wait of part.waitsMs) {
      const place = placeOfNumber(totals.waitsMs, wait);
      if (sign === 1) {
        totals.waitsMs.splice(place, 0, wait);
      } else if (totals.waitsMs[place] === wait) {
        totals.waitsMs.splice(place, 1);
      }
    }
    for (const handle of part.handlesMs) {
      totals.handlesTotalMs += sign * handle;
      totals.handles += sign;
    }
    if (Math.max(largest, totals.handlesTotalMs) > Number.MAX_SAFE_INTEGER) {
      this.#outOfRange = true;
    }
  }
}
