// An independent statement of the labelling rules (issuer+length+Luhn, mod-97, ABA, SSA ranges), used only to
// keep the corpus labels honest; it is deliberately not shared with the detectors or the corpus generator.

const DIGIT = /\p{Nd}/u;

// Value of one decimal-digit code point: NFKC folds full-width and mathematical digits, and the remaining
// scripts (Arabic-Indic, Devanagari…) are contiguous runs of ten starting at their zero.
export function digitValue(char: string): number | undefined {
  if (!DIGIT.test(char)) return undefined;
  const folded = char.normalize('NFKC');
  if (/^[0-9]$/.test(folded)) return Number(folded);
  let codePoint = char.codePointAt(0) ?? 0;
  let steps = 0;
  while (steps < 9 && DIGIT.test(String.fromCodePoint(codePoint - 1))) {
    codePoint -= 1;
    steps += 1;
  }
  return steps;
}

// Keeps only the decimal digits of a string, folded to ASCII.
export function foldDigits(text: string): string {
  let out = '';
  for (const char of text) {
    const value = digitValue(char);
    if (value !== undefined) out += String(value);
  }
  return out;
}

export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

interface IssuerRule {
  readonly issuer: string;
  readonly ranges: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
}

const span = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const ISSUERS: readonly IssuerRule[] = [
  { issuer: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  { issuer: 'mastercard', ranges: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { issuer: 'amex', ranges: [['34', '34'], ['37', '37']], lengths: [15] },
  { issuer: 'discover', ranges: [['6011', '6011'], ['644', '649'], ['65', '65']], lengths: span(16, 19) },
  { issuer: 'diners', ranges: [['300', '305'], ['36', '36'], ['38', '39']], lengths: span(14, 19) },
  { issuer: 'jcb', ranges: [['3528', '3589']], lengths: span(16, 19) },
  { issuer: 'unionpay', ranges: [['62', '62']], lengths: span(16, 19) },
  {
    issuer: 'maestro',
    ranges: [['5018', '5018'], ['5020', '5020'], ['5038', '5038'], ['5893', '5893'], ['6304', '6304'], ['6759', '6759'], ['6761', '6763']],
    lengths: span(13, 19),
  },
  { issuer: 'mir', ranges: [['2200', '2204']], lengths: span(16, 19) },
];

function inRange(digits: string, [low, high]: readonly [string, string]): boolean {
  const prefix = Number(digits.slice(0, low.length));
  return digits.length >= low.length && prefix >= Number(low) && prefix <= Number(high);
}

// The issuer whose prefix and length both fit, or undefined.
export function cardIssuer(digits: string): string | undefined {
  return ISSUERS.find((rule) => rule.lengths.includes(digits.length) && rule.ranges.some((range) => inRange(digits, range)))
    ?.issuer;
}

export function isCardNumber(digits: string): boolean {
  return cardIssuer(digits) !== undefined && luhnValid(digits);
}

// ISO 13616 lengths for the countries a customer of a US/Mexican/Spanish small business might send.
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

// Strips spaces and other separators, upper-cases, then checks country length and mod-97 == 1.
export function ibanValid(raw: string): boolean {
  const compact = raw.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected === undefined || compact.length !== expected || !/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// Federal Reserve (01–12), thrift (21–32), electronic (61–72) and traveler's cheque (80) prefixes.
export function abaPrefixValid(digits: string): boolean {
  const prefix = Number(digits.slice(0, 2));
  return (prefix >= 1 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
}

export function abaValid(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits) || !abaPrefixValid(digits)) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  return sum % 10 === 0;
}

// SSA rules since 2011: no area 000, 666 or 900–999, no group 00, no serial 0000.
export function ssnValid(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}
