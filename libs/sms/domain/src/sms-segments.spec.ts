import { describe, expect, it } from 'vitest';
import { analyzeSms } from './sms-segments.ts';

describe('analyzeSms', () => {
  it.each([
    ['a'.repeat(160), 'gsm-7', 160, 1],
    ['a'.repeat(161), 'gsm-7', 161, 2],
    ['a'.repeat(306), 'gsm-7', 306, 2],
    ['a'.repeat(307), 'gsm-7', 307, 3],
    ['€'.repeat(80), 'gsm-7', 160, 1],
    ['€'.repeat(81), 'gsm-7', 162, 2],
    ['ш'.repeat(70), 'ucs-2', 70, 1],
    ['ш'.repeat(71), 'ucs-2', 71, 2],
    ['ш'.repeat(134), 'ucs-2', 134, 2],
    ['ш'.repeat(135), 'ucs-2', 135, 3],
    ['😀'.repeat(35), 'ucs-2', 70, 1],
    ['😀'.repeat(36), 'ucs-2', 72, 2],
    ['Hello ç', 'ucs-2', 7, 1],
  ])('%#: %s units', (text, encoding, units, segments) => {
    const analysis = analyzeSms(text);
    expect(analysis).toMatchObject({ encoding, units, segments });
  });

  it('never splits an escape sequence across parts', () => {
    // 152 plain septets then '€' (2 septets) would straddle the 153-septet boundary, so it moves to part two.
    const analysis = analyzeSms(`${'a'.repeat(152)}€${'a'.repeat(10)}`);
    expect(analysis).toMatchObject({ encoding: 'gsm-7', units: 164, segments: 2, remainingInSegment: 153 - 12 });
  });

  it('never splits an emoji across parts', () => {
    const analysis = analyzeSms(`${'ш'.repeat(66)}😀${'ш'.repeat(5)}`);
    expect(analysis).toMatchObject({ encoding: 'ucs-2', units: 73, segments: 2, remainingInSegment: 67 - 7 });
  });

  it('names the characters that force UCS-2', () => {
    expect(analyzeSms('Café ç 😀').nonGsmCharacters).toEqual(['ç', '😀']);
    expect(analyzeSms('Tschüss!').nonGsmCharacters).toEqual([]);
  });

  it('counts an empty text as one empty segment', () => {
    expect(analyzeSms('')).toMatchObject({ units: 0, segments: 1, remainingInSegment: 160 });
  });
});
