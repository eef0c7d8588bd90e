import { describe, expect, it } from 'vitest';
import { isCardNumber } from './card-number.ts';
import { leadingDigitRun, trailingDigitRun } from './card-split.ts';

describe('trailingDigitRun', () => {
  it('returns the digits that end a message', () => {
    const text = 'my card is 4111 1111';
    expect(trailingDigitRun(text)).toEqual({ start: 11, end: 20, digits: '41111111' });
  });

  it('allows trailing separators after the last digit', () => {
    expect(trailingDigitRun('card: 4111-1111-1111 ')).toMatchObject({ digits: '411111111111' });
    expect(trailingDigitRun('card: 4111 1111...')).toMatchObject({ digits: '41111111' });
  });

  it('drops a lead-in that cannot start a card', () => {
    expect(trailingDigitRun('qty 12 4111 1111')).toMatchObject({ digits: '41111111' });
  });

  it('folds Unicode digits and maps the span to the original', () => {
    const text = 'tarjeta ٤١١١\u200B ١١١١';
    expect(trailingDigitRun(text)).toEqual({ start: 8, end: text.length, digits: '41111111' });
  });

  it('ignores digits after a complete card in the same run', () => {
    expect(trailingDigitRun('4111 1111 1111 1111 4111 1111')).toMatchObject({ digits: '41111111' });
    expect(trailingDigitRun('5555 5555 5555 4444')).toBeUndefined();
  });

  it.each([
    ['no digits at the end', 'my card is 4111 1111 ok'],
    ['too few digits', 'card 411'],
    ['a prefix no card has', 'order 1234 1234'],
    ['an empty text', ''],
    ['more than 15 digits that are not a card', '9400 1118 9922 3397 7643 21'],
  ])('is undefined for %s', (_case, text) => {
    expect(trailingDigitRun(text)).toBeUndefined();
  });
});

describe('leadingDigitRun', () => {
  it('returns the digits that begin a message', () => {
    expect(leadingDigitRun('1111 1111 thanks')).toEqual({ start: 0, end: 9, digits: '11111111' });
    expect(leadingDigitRun('  1111-1111')).toEqual({ start: 2, end: 11, digits: '11111111' });
  });

  it('keeps whole groups up to 15 digits', () => {
    expect(leadingDigitRun('1111 1111 1111 12/27')).toMatchObject({ digits: '111111111111' });
  });

  it('stops before a complete card in the same run', () => {
    expect(leadingDigitRun('4111 1111 1111 1111 thanks')).toBeUndefined();
  });

  it.each([
    ['words first', 'thanks 1111 1111'],
    ['too few digits', '111 ok'],
    ['an empty text', ''],
  ])('is undefined for %s', (_case, text) => {
    expect(leadingDigitRun(text)).toBeUndefined();
  });
});

describe('a card split across two messages', () => {
  it('rejoins into a card the two halves pass', () => {
    const first = trailingDigitRun('here it is 4111 1111');
    const second = leadingDigitRun('1111 1111 thx');
    expect(first && second && isCardNumber(first.digits + second.digits)).toBe(true);
  });

  it('does not rejoin two halves that make no card', () => {
    const first = trailingDigitRun('call 4155');
    const second = leadingDigitRun('5501 00 thanks');
    expect(first && second && isCardNumber(first.digits + second.digits)).toBe(false);
  });
});
