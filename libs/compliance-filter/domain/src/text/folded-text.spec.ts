import { describe, expect, it } from 'vitest';
import { digitValue, foldText, toOriginalSpan } from './folded-text.ts';

describe('foldText', () => {
  it('returns plain text unchanged without an offset map', () => {
    const folded = foldText('Hola, mañana a las 10:30 — gracias');
    expect(folded.text).toBe('Hola, mañana a las 10:30 - gracias');
    const ascii = foldText('card 4111 1111 1111 1111');
    expect(ascii).toEqual({ text: 'card 4111 1111 1111 1111', starts: undefined, ends: undefined });
  });

  it.each([
    ['full-width', '４１１１', '4111'],
    ['Arabic-Indic', '٤١١١', '4111'],
    ['Extended Arabic-Indic', '۴۱۱۱', '4111'],
    ['Devanagari', '४१११', '4111'],
    ['Bengali', '৪১১১', '4111'],
    ['Thai', '๔๑๑๑', '4111'],
    ['circled', '④①①⓪', '4110'],
    ['dingbat negative circled', '❹❶❶❶', '4111'],
    ['superscript', '⁴¹¹²', '4112'],
    ['subscript', '₄₁₁₀', '4110'],
    ['mathematical bold', '\u{1D7D2}\u{1D7CF}\u{1D7CF}\u{1D7CE}', '4110'],
    ['mathematical double-struck', '\u{1D7DC}\u{1D7D9}\u{1D7D9}\u{1D7D8}', '4110'],
    ['mathematical monospace', '\u{1D7FA}\u{1D7F7}\u{1D7F7}\u{1D7F6}', '4110'],
    ['segmented', '\u{1FBF4}\u{1FBF1}', '41'],
  ])('folds %s digits to ASCII', (_name, text, expected) => {
    expect(foldText(text).text).toBe(expected);
  });

  it('folds unusual spaces and dashes and drops invisible characters', () => {
    expect(foldText('1\u00A02\u20093\u202F4\u30005').text).toBe('1 2 3 4 5');
    expect(foldText('1\u20102\u20113\u20134\u22125\uFE636').text).toBe('1-2-3-4-5-6');
    expect(foldText('1\u200B2\u200C3\u200D4\u20605\uFEFF6\u00AD7').text).toBe('1234567');
    expect(foldText('4\uFE0F\u20E31').text).toBe('41');
    expect(foldText('ｐａｓｓ＠ｘ．ｃｏ').text).toBe('pass@x.co');
  });

  it('maps folded spans back to the original UTF-16 offsets', () => {
    const text = '😀 \u{1D7D2}\u200B1x';
    const folded = foldText(text);
    expect(folded.text).toBe('😀 41x');
    // The folded "41" is units 3-4; in the original it runs from the astral digit (2 units) through the "1".
    expect(toOriginalSpan(folded, 3, 5)).toEqual({ start: 3, end: 7 });
    expect(text.slice(3, 7)).toBe('\u{1D7D2}\u200B1');
  });

  it('keeps lone surrogates and control characters', () => {
    expect(foldText('\uD800a\u0000\uDC00').text).toBe('\uD800a\u0000\uDC00');
  });
});

describe('digitValue', () => {
  it('reads ASCII and Unicode digits and rejects other characters', () => {
    expect(digitValue(0x37)).toBe(7);
    expect(digitValue(0x0669)).toBe(9);
    expect(digitValue(0xff10)).toBe(0);
    expect(digitValue(0x41)).toBe(-1);
    expect(digitValue(0x2469)).toBe(-1);
  });
});
