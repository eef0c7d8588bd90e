import { describe, expect, it } from 'vitest';
import { normalizeText, toWords } from './normalized-text.ts';

describe('normalizeText', () => {
  it.each([
    ['lower case and single spaces', '  SALES   Please ', 'sales please'],
    ['accents removed', 'Soporte TÉCNICO, facturación, niño', 'soporte tecnico facturacion nino'],
    ['punctuation and emoji dropped', '¡¡Hola!! 👋😀 #2...', 'hola 2'],
    ['apostrophes joined, whichever the sender typed', "don't don’t dont", 'dont dont dont'],
    ['hyphens split', 'OPT-OUT', 'opt out'],
    ['full-width letters and digits folded', 'ＳＴＯＰ ２', 'stop 2'],
    ['keycap emoji read as its digit', '2️⃣', '2'],
    ['digits of other scripts as ASCII', '٢ ३ ৪ ๕', '2 3 4 5'],
    ['dotted capital I', 'İSTANBUL', 'istanbul'],
  ])('%s', (_name, text, expected) => {
    expect(normalizeText(text)).toBe(expected);
  });

  it('gives nothing for text without letters or digits', () => {
    expect(normalizeText('🙂 ... !!')).toBe('');
    expect(toWords('🙂 ... !!')).toEqual([]);
    expect(toWords('')).toEqual([]);
  });

  it('splits into words', () => {
    expect(toWords('Option #2, please!')).toEqual(['option', '2', 'please']);
  });
});
