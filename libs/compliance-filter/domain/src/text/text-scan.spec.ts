import { describe, expect, it } from 'vitest';
import '../index.ts';
import { foldText } from './folded-text.ts';
import { type KeywordPattern, type TextRange, TextScan, keywordPatterns } from './text-scan.ts';

// A fixed-seed generator so a failure names a text that can be reproduced.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const PIECES = [
  'card', 'CVV2', 'cvc 2', 'cód.', 'código de seguridad', '3-digit code', 'back of my card', 'exp', 'Exp Date', 'valid thru',
  'vence', 'license', 'promo', 'ssn', 's.s.n.', 'SS#', 'soc sec', 'social security no', 'part', 'order', 'account #', 'a/c',
  'acc#', 'número de cuenta', 'cta', 'routing/transit', 'aba', 'bank', 'ach', 'password', 'pass word', 'pw', 'PIN#',
  'pincode', 'contraseña', 'contra', 'clave de acceso', 'log-in', 'user / pass', 'phone', 'tel', 'cell', 'ref', 'po', 'id',
  'one', 'Oh', 'cuatro', 'nueve', 'code', 'codes', 'coupon', 'is', 'the', 'my', 'de', 'and then', 'hello',
  '4111', '12/27', '021000021', '123-45-6789', 'O1l', 'IO', '0l', '_', 'é', 'ñ', 'λ', 'Ω', '😀', '\u00a0', '\u200b', '４２',
];
const SEPARATORS = ['', '', ' ', ' ', '  ', '-', '.', '/', ':', '#', '\n', '(', ')', '_', '1', 'é', 'x'];

function syntheticTexts(count: number): string[] {
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return Array.from({ length: count }, () => {
    let text = '';
    for (let piece = 1 + Math.floor(next() * 8); piece > 0; piece -= 1) {
      text += pick(SEPARATORS) + pick(PIECES);
    }
    return next() < 0.2 ? text.toUpperCase() : text;
  });
}

/** Every whole-word hit of a pattern's regex, as TextScan reported them before the lead-word pre-check. */
function unfilteredHits(scan: TextScan, pattern: KeywordPattern): readonly TextRange[] {
  return scan.hits({ regex: pattern.regex, family: 0 });
}

describe('TextScan', () => {
  const texts = syntheticTexts(4000);

  it('indexes every keyword pattern the detectors use', () => {
    const patterns = keywordPatterns();
    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns.filter((pattern) => pattern.family === 0).map((pattern) => pattern.regex.source)).toEqual([]);
  });

  it('skips a keyword pattern only where its regex has no hit', () => {
    const misses: string[] = [];
    const hitTexts = new Map<KeywordPattern, number>();
    for (const text of texts) {
      const scan = TextScan.of(text);
      for (const pattern of keywordPatterns()) {
        const expected = unfilteredHits(new TextScan(scan.folded), pattern);
        if (JSON.stringify(scan.hits(pattern)) !== JSON.stringify(expected)) {
          misses.push(`${pattern.regex.source.slice(0, 30)} in ${JSON.stringify(text)}`);
        }
        hitTexts.set(pattern, (hitTexts.get(pattern) ?? 0) + (expected.length > 0 ? 1 : 0));
      }
    }
    expect(misses).toEqual([]);
    // The texts must give every pattern hits to lose, or the comparison proves nothing.
    expect(keywordPatterns().filter((pattern) => (hitTexts.get(pattern) ?? 0) < 20).map((pattern) => pattern.regex.source)).toEqual([]);
  });

  it('finds the digit groups, their lengths and the lookalike hint as the regexes do', () => {
    for (const text of [...texts, '', '1', 'a', '12ab34', 'l1', '1O', 'xI9y', '0 l']) {
      const scan = new TextScan(foldText(text));
      const groups = [...scan.text.matchAll(/[0-9]+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
      expect(scan.digitGroups).toEqual(groups);
      expect(scan.digitCount).toBe(groups.reduce((sum, group) => sum + group.end - group.start, 0));
      expect(scan.hasLookalikeHint).toBe(/[0-9][OoIl]|[OoIl][0-9]/.test(scan.text));
      for (const [min, max] of [[1, 2], [3, 4], [4, 4], [6, 6], [9, 40]] as const) {
        expect(scan.hasDigitGroup(min, max)).toBe(groups.some((group) => group.end - group.start >= min && group.end - group.start <= max));
      }
    }
  });

  it('reads a message as its folded text', () => {
    for (const text of ['plain 4111', 'nbsp\u00a01', '４１１１ card', 'emoji 😀 12', 'keycap 4\ufe0f\u20e3', 'zero\u200bwidth']) {
      const scan = TextScan.of(text);
      expect(scan.text).toBe(foldText(text).text);
      expect(scan.folded).toEqual(foldText(text));
      expect(scan.digitGroups).toEqual(new TextScan(foldText(text)).digitGroups);
    }
  });
});
