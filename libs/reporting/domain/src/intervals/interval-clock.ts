/** Report intervals are 15 minutes long and aligned to UTC: :00, :15, :30 and :45 of every hour. */
export const INTERVAL_MINUTES = 15;
export const INTERVAL_MS = INTERVAL_MINUTES * 60_000;

/** The start (epoch ms) of the interval that holds an instant; an instant on a boundary opens the next interval. */
export function intervalStartOf(epochMs: number): number {
  return Math.floor(epochMs / INTERVAL_MS) * INTERVAL_MS;
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Milliseconds as seconds, rounded to the millisecond so that figures print the same on every run. */
export function secondsOf(ms: number): number {
  return Math.round(ms) / 1000;
}

/** A ratio rounded to six decimals, so a figure does not depend on floating-point noise. */
export function roundRatio(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
