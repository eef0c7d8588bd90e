/** Report intervals are 15 minutes long and aligned to UTC: :00, :15, :30 and :45 of every hour. */
export const INTERVAL_MINUTES = 15;
export const INTERVAL_MS = INTERVAL_MINUTES * 60_000;

/** The start (epoch ms) of the interval that holds an instant; an instant on a boundary opens the next interval. */
export function intervalStartOf(epochMs: number): number {
  return Math.floor(epochMs / INTERVAL_MS) * INTERVAL_MS;
}

const DAY_MS = 86_400_000;
/** The end of year 9999: `toISOString` writes later (and negative) years with six digits and a sign. */
const FOUR_DIGIT_YEARS_END_MS = 253_402_300_800_000;

const two = (value: number): string => (value < 10 ? `0${value}` : String(value));

/**
 * An instant as `Date#toISOString` writes it (`2025-03-03T09:15:00.000Z`), worked out with integer arithmetic for
 * years 1970 to 9999, which is several times faster than going through a `Date`; other instants go through one.
 */
export function toIso(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < 0 || epochMs >= FOUR_DIGIT_YEARS_END_MS) {
    return new Date(epochMs).toISOString();
  }
  const days = Math.floor(epochMs / DAY_MS);
  const inDay = epochMs - days * DAY_MS;
  // The civil date of a day count: Howard Hinnant's days_from_civil, inverted, in eras of 400 years.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor((inDay % 3_600_000) / 60_000);
  const seconds = Math.floor((inDay % 60_000) / 1000);
  const milliseconds = inDay % 1000;
  const ms = milliseconds < 10 ? `00${milliseconds}` : milliseconds < 100 ? `0${milliseconds}` : String(milliseconds);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${ms}Z`;
}

/** Milliseconds as seconds, rounded to the millisecond so that figures print the same on every run. */
export function secondsOf(ms: number): number {
  return Math.round(ms) / 1000;
}

/** A ratio rounded to six decimals, so a figure does not depend on floating-point noise. */
export function roundRatio(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
