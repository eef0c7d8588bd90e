// Ways customers write numbers: groupings, separators, other digit scripts and invisible characters.

// Splits a digit string into groups and joins them; `separators` may vary per gap.
export function group(digits: string, sizes: readonly number[], separators: string | readonly string[] = ' '): string {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== digits.length) throw new Error(`grouping ${sizes.join('-')} does not fit ${digits.length} digits`);
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.reduce((out, part, i) => {
    if (i === 0) return part;
    const separator = typeof separators === 'string' ? separators : (separators[(i - 1) % separators.length] ?? ' ');
    return out + separator + part;
  }, '');
}

// The grouping printed on cards of each length (Amex 4-6-5, Diners 4-6-4, 19 digits 4-4-4-4-3).
export function standardGroups(length: number): number[] {
  switch (length) {
    case 13:
      return [4, 3, 3, 3];
    case 14:
      return [4, 6, 4];
    case 15:
      return [4, 6, 5];
    case 17:
      return [4, 4, 4, 5];
    case 18:
      return [4, 4, 4, 6];
    case 19:
      return [4, 4, 4, 4, 3];
    default:
      return Array.from({ length: Math.ceil(length / 4) }, (_, i) => Math.min(4, length - i * 4));
  }
}

export function card(digits: string, separator = ' '): string {
  return group(digits, standardGroups(digits.length), separator);
}

export const ZERO = {
  fullwidth: 0xff10,
  arabic: 0x0660,
  persian: 0x06f0,
  devanagari: 0x0966,
  bold: 0x1d7ce,
  doubleStruck: 0x1d7d8,
  monospace: 0x1d7f6,
} as const;
export type DigitScript = keyof typeof ZERO;

// Rewrites ASCII digits in another script; the mathematical ones are astral (two UTF-16 units each).
export function script(text: string, style: DigitScript): string {
  return text.replace(/[0-9]/g, (d) => String.fromCodePoint(ZERO[style] + Number(d)));
}

// Inserts `char` between every pair of adjacent characters (typically digits).
export function weave(text: string, char: string): string {
  return [...text].join(char);
}

export const INVISIBLE = {
  zwsp: '\u200B',
  zwnj: '\u200C',
  zwj: '\u200D',
  wordJoiner: '\u2060',
  bom: '\uFEFF',
  softHyphen: '\u00AD',
} as const;

export const SPACE = {
  nbsp: '\u00A0',
  thin: '\u2009',
  narrowNbsp: '\u202F',
  ideographic: '\u3000',
  figure: '\u2007',
} as const;

export const DASH = {
  hyphen: '\u2010',
  nonBreaking: '\u2011',
  en: '\u2013',
  em: '\u2014',
  minus: '\u2212',
} as const;

// IBAN in print form: groups of four.
export function ibanPrint(compact: string, separator = ' '): string {
  return compact.match(/.{1,4}/g)?.join(separator) ?? compact;
}

// 3-2-4 with one separator kind.
export function ssnFormat(digits: string, separator = '-'): string {
  return group(digits, [3, 2, 4], separator);
}
