import { z } from 'zod';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** 'HH:MM' in 24-hour local time; close may be '24:00' and is after open. */
export interface OpeningSpan {
  open: string;
  close: string;
}

export interface BusinessHours {
  /** An IANA time zone, e.g. 'America/New_York'. */
  timeZone: string;
  weekly: Partial<Record<Weekday, OpeningSpan[]>>;
  /** Local dates 'YYYY-MM-DD' closed all day. */
  holidays: { date: string; name?: string }[];
}

// Indexed by Date#getUTCDay, which counts from Sunday.
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;
const DAY = 86_400_000;
const SEARCH_DAYS = 400;

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    // Intl throws a RangeError for a zone it does not know, which is exactly the answer.
    return false;
  }
}

function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

const spanSchema = z
  .object({
    open: z.string().regex(CLOCK_TIME, { error: (issue) => `open "${String(issue.input)}" must be HH:MM between 00:00 and 23:59` }),
    close: z
      .string()
      .refine((close) => close === '24:00' || CLOCK_TIME.test(close), { error: (issue) => `close "${String(issue.input)}" must be HH:MM between 00:01 and 24:00` }),
  })
  .refine((span) => minutesOf(span.close) > minutesOf(span.open), { error: 'close must be after open (a span cannot run past midnight; split it at 24:00)', path: ['close'] });

const daySchema = z
  .array(spanSchema)
  .max(12, { error: 'a day takes at most 12 opening spans' })
  .superRefine((spans, context) => {
    const ordered = spans.map((span, index) => ({ span, index })).sort((a, b) => minutesOf(a.span.open) - minutesOf(b.span.open));
    for (let next = 1; next < ordered.length; next += 1) {
      const before = ordered[next - 1];
      const after = ordered[next];
      if (before !== undefined && after !== undefined && minutesOf(after.span.open) < minutesOf(before.span.close)) {
        context.addIssue({
          code: 'custom',
          path: [after.index],
          message: `${after.span.open}-${after.span.close} overlaps ${before.span.open}-${before.span.close}`,
        });
      }
    }
  });

export const businessHoursSchema = z.object({
  timeZone: z.string().refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone such as "Europe/Madrid"` }),
  // Strict, so a misspelt day ("monday") is an error rather than a day silently closed.
  weekly: z.strictObject({
    mon: daySchema.optional(),
    tue: daySchema.optional(),
    wed: daySchema.optional(),
    thu: daySchema.optional(),
    fri: daySchema.optional(),
    sat: daySchema.optional(),
    sun: daySchema.optional(),
  }),
  holidays: z
    .array(
      z.object({
        date: z.string().refine(isCalendarDate, { error: (issue) => `"${String(issue.input)}" is not a date written YYYY-MM-DD` }),
        name: z.string().trim().min(1).max(100).optional(),
      }),
    )
    .max(1000)
    .default([]),
});

/** A local calendar day, its clock time in minutes and the weekday. */
interface LocalTime {
  year: number;
  month: number;
  day: number;
  minutes: number;
  weekday: Weekday;
  /** The instant read as if the wall clock were UTC, for offsets. */
  wallAsUtc: number;
}

// Building a DateTimeFormat costs far more than using one, and a zone's rules never change within a process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localTime(timeZone: string, instant: number): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  const [year, month, day] = [parts['year'] ?? 0, parts['month'] ?? 1, parts['day'] ?? 1];
  const [hour, minute, second] = [parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0];
  const midnight = Date.UTC(year, month - 1, day);
  return {
    year,
    month,
    day,
    minutes: hour * 60 + minute,
    weekday: WEEKDAYS[new Date(midnight).getUTCDay()] ?? 'sun',
    wallAsUtc: midnight + (hour * 60 + minute) * MINUTE + second * 1000,
  };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(timeZone: string, instant: number): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return localTime(timeZone, wholeSecond).wallAsUtc - wholeSecond;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isOpenAt(hours: BusinessHours, local: LocalTime): boolean {
  const date = isoDate(local.year, local.month, local.day);
  if (hours.holidays.some((holiday) => holiday.date === date)) {
    return false;
  }
  return (hours.weekly[local.weekday] ?? []).some((span) => local.minutes >= minutesOf(span.open) && local.minutes < minutesOf(span.close));
}

/** Whether the business is open at an instant, by its local wall clock (a repeated hour counts both times). */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  return isOpenAt(hours, localTime(hours.timeZone, at.getTime()));
}

/**
 * The next instant the business opens after `at` (`at` itself while open, and the clock's jump for an opening time
 * a spring-forward gap skips), or undefined when it does not open within 400 days.
 */
export function nextOpening(hours: BusinessHours, at: Date): Date | undefined {
  const start = at.getTime();
  if (isOpen(hours, at)) {
    return new Date(start);
  }
  const hasSpans = Object.values(hours.weekly).some((spans) => spans !== undefined && spans.length > 0);
  if (!hasSpans) {
    return undefined;
  }
  const today = localTime(hours.timeZone, start);
  const firstDay = Date.UTC(today.year, today.month - 1, today.day);
  for (let offset = 0; offset <= SEARCH_DAYS; offset += 1) {
    const day = new Date(firstDay + offset * DAY);
    const opening = firstOpeningOn(hours, day, start);
    if (opening !== undefined) {
      return new Date(opening);
    }
  }
  return undefined;
}

/** The earliest instant on a local day (given as UTC midnight of its date), not before `notBefore`, at which the business is open. */
function firstOpeningOn(hours: BusinessHours, day: Date, notBefore: number): number | undefined {
  const weekday = WEEKDAYS[day.getUTCDay()] ?? 'sun';
  const spans = hours.weekly[weekday] ?? [];
  const date = isoDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
  if (spans.length === 0 || hours.holidays.some((holiday) => holiday.date === date)) {
    return undefined;
  }
  const midnight = day.getTime();
  // The business becomes open either when the clock reaches an opening time or when a clock change jumps into a span.
  const candidates = [
    ...spans.flatMap((span) => instantsOfWallTime(hours.timeZone, midnight + minutesOf(span.open) * MINUTE)),
    ...clockChangesAround(hours.timeZone, midnight),
  ];
  const opened = candidates
    .filter((instant) => instant >= notBefore)
    .filter((instant) => {
      const local = localTime(hours.timeZone, instant);
      return isoDate(local.year, local.month, local.day) === date && isOpenAt(hours, local);
    });
  return opened.length === 0 ? undefined : Math.min(...opened);
}

/** Every instant whose wall clock reads the given time (given as if UTC): none in a spring-forward gap, two in a repeated hour. */
function instantsOfWallTime(timeZone: string, wallAsUtc: number): number[] {
  const offsets = new Set([offsetAt(timeZone, wallAsUtc - DAY), offsetAt(timeZone, wallAsUtc), offsetAt(timeZone, wallAsUtc + DAY)]);
  return [...offsets]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => localTime(timeZone, instant).wallAsUtc === wallAsUtc)
    .sort((a, b) => a - b);
}

/** The instants near a local day at which the zone's offset changes, found when the offsets either side of the day differ. */
function clockChangesAround(timeZone: string, midnightAsUtc: number): number[] {
  // Offsets run from -12 to +14 hours, so the local day lies within this window whatever the zone.
  const from = midnightAsUtc - 15 * 3_600_000;
  const to = midnightAsUtc + DAY + 13 * 3_600_000;
  const endOffset = offsetAt(timeZone, to);
  const changes: number[] = [];
  let low = from;
  while (offsetAt(timeZone, low) !== endOffset) {
    // Bisect to the first whole second with the later offset; zones change on whole seconds.
    let before = low;
    let after = to;
    const startOffset = offsetAt(timeZone, low);
    while (after - before > 1000) {
      const middle = Math.floor((before + after) / 2000) * 1000;
      if (offsetAt(timeZone, middle) === startOffset) {
        before = middle;
      } else {
        after = middle;
      }
    }
    changes.push(after);
    low = after;
  }
  return changes;
}
