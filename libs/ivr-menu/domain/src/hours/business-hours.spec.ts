import { describe, expect, it } from 'vitest';
import { businessHoursSchema, isOpen, nextOpening, type BusinessHours } from './business-hours.ts';

const at = (iso: string) => new Date(iso);
const weekdays = (open: string, close: string) => ({
  mon: [{ open, close }],
  tue: [{ open, close }],
  wed: [{ open, close }],
  thu: [{ open, close }],
  fri: [{ open, close }],
});

describe('isOpen and nextOpening in New York', () => {
  const office: BusinessHours = { timeZone: 'America/New_York', weekly: weekdays('09:00', '17:00'), holidays: [] };

  it('reads the local wall clock on either side of daylight saving time', () => {
    // Friday 7 March 2025 is EST (UTC-5); Monday 10 March is EDT (UTC-4).
    expect(isOpen(office, at('2025-03-07T13:59:00Z'))).toBe(false);
    expect(isOpen(office, at('2025-03-07T14:00:00Z'))).toBe(true);
    expect(isOpen(office, at('2025-03-10T12:59:59Z'))).toBe(false);
    expect(isOpen(office, at('2025-03-10T13:00:00Z'))).toBe(true);
    expect(isOpen(office, at('2025-03-10T20:59:59Z'))).toBe(true);
    expect(isOpen(office, at('2025-03-10T21:00:00Z'))).toBe(false);
  });

  it('finds Monday’s opening from Friday evening across the spring-forward weekend', () => {
    expect(nextOpening(office, at('2025-03-07T23:00:00Z'))).toEqual(at('2025-03-10T13:00:00Z'));
  });

  it('returns the instant itself while open', () => {
    expect(nextOpening(office, at('2025-03-10T15:30:00.250Z'))).toEqual(at('2025-03-10T15:30:00.250Z'));
  });

  it('opens when the clock jumps past an opening time that does not exist (spring forward, 9 March 2025)', () => {
    const sunday: BusinessHours = { timeZone: 'America/New_York', weekly: { sun: [{ open: '02:00', close: '05:00' }] }, holidays: [] };
    expect(isOpen(sunday, at('2025-03-09T06:59:59Z'))).toBe(false);
    expect(isOpen(sunday, at('2025-03-09T07:00:00Z'))).toBe(true);
    expect(nextOpening(sunday, at('2025-03-09T05:00:00Z'))).toEqual(at('2025-03-09T07:00:00Z'));
  });

  it('skips a span that falls wholly in the skipped hour', () => {
    const gap: BusinessHours = { timeZone: 'America/New_York', weekly: { sun: [{ open: '02:00', close: '02:30' }] }, holidays: [] };
    expect(nextOpening(gap, at('2025-03-09T05:00:00Z'))).toEqual(at('2025-03-16T06:00:00Z'));
  });

  it('counts a repeated hour twice (fall back, 2 November 2025)', () => {
    const night: BusinessHours = { timeZone: 'America/New_York', weekly: { sun: [{ open: '01:00', close: '01:30' }] }, holidays: [] };
    expect(isOpen(night, at('2025-11-02T05:15:00Z'))).toBe(true);
    expect(isOpen(night, at('2025-11-02T05:45:00Z'))).toBe(false);
    expect(isOpen(night, at('2025-11-02T06:15:00Z'))).toBe(true);
    expect(nextOpening(night, at('2025-11-02T05:45:00Z'))).toEqual(at('2025-11-02T06:00:00Z'));
  });

  it('reopens when falling back moves the clock into a span that had closed', () => {
    const lateNight: BusinessHours = { timeZone: 'America/New_York', weekly: { sun: [{ open: '00:30', close: '01:30' }] }, holidays: [] };
    expect(nextOpening(lateNight, at('2025-11-02T05:45:00Z'))).toEqual(at('2025-11-02T06:00:00Z'));
  });

  it('opens at the standard-time hour on the fall-back day', () => {
    const sunday: BusinessHours = { timeZone: 'America/New_York', weekly: { sun: [{ open: '09:00', close: '17:00' }] }, holidays: [] };
    expect(nextOpening(sunday, at('2025-11-02T04:00:00Z'))).toEqual(at('2025-11-02T14:00:00Z'));
  });

  it('runs a span to midnight and on into the next day', () => {
    const late: BusinessHours = {
      timeZone: 'America/New_York',
      weekly: { fri: [{ open: '18:00', close: '24:00' }], sat: [{ open: '00:00', close: '02:00' }] },
      holidays: [],
    };
    // Friday 14 March 2025, EDT.
    expect(isOpen(late, at('2025-03-15T03:59:59Z'))).toBe(true);
    expect(isOpen(late, at('2025-03-15T04:00:00Z'))).toBe(true);
    expect(isOpen(late, at('2025-03-15T06:00:00Z'))).toBe(false);
    expect(nextOpening(late, at('2025-03-14T21:00:00Z'))).toEqual(at('2025-03-14T22:00:00Z'));
    expect(nextOpening(late, at('2025-03-15T06:00:00Z'))).toEqual(at('2025-03-21T22:00:00Z'));
  });
});

describe('isOpen and nextOpening in Madrid', () => {
  const shop: BusinessHours = {
    timeZone: 'Europe/Madrid',
    weekly: {
      ...Object.fromEntries(
        Object.keys(weekdays('09:00', '14:00')).map((day) => [
          day,
          [
            { open: '16:00', close: '20:00' },
            { open: '09:00', close: '14:00' },
          ],
        ]),
      ),
    },
    holidays: [{ date: '2025-12-25', name: 'Navidad' }],
  };

  it('keeps two spans a day with a lunch break', () => {
    // Monday 31 March 2025 is CEST (UTC+2).
    expect(isOpen(shop, at('2025-03-31T07:30:00Z'))).toBe(true);
    expect(isOpen(shop, at('2025-03-31T12:30:00Z'))).toBe(false);
    expect(nextOpening(shop, at('2025-03-31T12:30:00Z'))).toEqual(at('2025-03-31T14:00:00Z'));
    expect(isOpen(shop, at('2025-03-31T17:59:00Z'))).toBe(true);
  });

  it('follows the clock change of 30 March 2025', () => {
    // Friday 28 March is CET (UTC+1); the next opening is Monday at 09:00 CEST.
    expect(isOpen(shop, at('2025-03-28T07:30:00Z'))).toBe(false);
    expect(nextOpening(shop, at('2025-03-28T07:30:00Z'))).toEqual(at('2025-03-28T08:00:00Z'));
    expect(nextOpening(shop, at('2025-03-28T19:30:00Z'))).toEqual(at('2025-03-31T07:00:00Z'));
    // And back on 26 October: Friday 24 is CEST, Monday 27 is CET.
    expect(nextOpening(shop, at('2025-10-24T18:30:00Z'))).toEqual(at('2025-10-27T08:00:00Z'));
  });

  it('stays closed all day on a holiday', () => {
    expect(isOpen(shop, at('2025-12-25T10:00:00Z'))).toBe(false);
    expect(nextOpening(shop, at('2025-12-24T19:30:00Z'))).toEqual(at('2025-12-26T08:00:00Z'));
  });
});

describe('nextOpening at the edges', () => {
  it('opens at the jump when the clock skips midnight (Santiago, 7 September 2025)', () => {
    const sunday: BusinessHours = { timeZone: 'America/Santiago', weekly: { sun: [{ open: '00:00', close: '12:00' }] }, holidays: [] };
    expect(nextOpening(sunday, at('2025-09-07T03:00:00Z'))).toEqual(at('2025-09-07T04:00:00Z'));
  });

  it('gives undefined for hours that never open', () => {
    expect(nextOpening({ timeZone: 'UTC', weekly: {}, holidays: [] }, at('2025-01-01T00:00:00Z'))).toBeUndefined();
    expect(nextOpening({ timeZone: 'UTC', weekly: { mon: [] }, holidays: [] }, at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('looks no further than 400 days', () => {
    // Open on Mondays only, and every Monday for the next 60 weeks is a holiday.
    const mondays = Array.from({ length: 60 }, (_, week) => ({ date: new Date(Date.UTC(2025, 0, 6 + week * 7)).toISOString().slice(0, 10) }));
    const rarely: BusinessHours = { timeZone: 'UTC', weekly: { mon: [{ open: '09:00', close: '10:00' }] }, holidays: mondays };
    expect(nextOpening(rarely, at('2025-01-01T00:00:00Z'))).toBeUndefined();
    const soon: BusinessHours = { ...rarely, holidays: mondays.slice(0, 50) };
    expect(nextOpening(soon, at('2025-01-01T00:00:00Z'))).toEqual(at('2025-12-22T09:00:00Z'));
  });
});

describe('businessHoursSchema', () => {
  const valid = { timeZone: 'Europe/Madrid', weekly: { mon: [{ open: '09:00', close: '24:00' }] } };

  it('accepts sound hours and defaults the holidays', () => {
    expect(businessHoursSchema.parse(valid)).toEqual({ ...valid, holidays: [] });
  });

  it.each([
    ['an unknown time zone', { ...valid, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a time that is not HH:MM', { ...valid, weekly: { mon: [{ open: '9:00', close: '17:00' }] } }, 'weekly.mon.0.open'],
    ['an opening at 24:00', { ...valid, weekly: { mon: [{ open: '24:00', close: '24:00' }] } }, 'weekly.mon.0.open'],
    ['a close after 24:00', { ...valid, weekly: { mon: [{ open: '09:00', close: '24:30' }] } }, 'weekly.mon.0.close'],
    ['a close before the open', { ...valid, weekly: { mon: [{ open: '17:00', close: '09:00' }] } }, 'weekly.mon.0.close'],
    [
      'overlapping spans',
      {
        ...valid,
        weekly: {
          tue: [
            { open: '13:00', close: '18:00' },
            { open: '09:00', close: '14:00' },
          ],
        },
      },
      'weekly.tue.0',
    ],
    ['a misspelt day', { ...valid, weekly: { monday: [{ open: '09:00', close: '17:00' }] } }, 'weekly'],
    ['an impossible holiday', { ...valid, holidays: [{ date: '2025-02-29' }] }, 'holidays.0.date'],
  ])('rejects %s', (_case, input, path) => {
    const result = businessHoursSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('allows spans that touch', () => {
    const touching = { ...valid, weekly: { wed: [{ open: '09:00', close: '13:00' }, { open: '13:00', close: '17:00' }] } };
    expect(businessHoursSchema.safeParse(touching).success).toBe(true);
  });
});
