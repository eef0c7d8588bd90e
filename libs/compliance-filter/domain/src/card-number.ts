import { passesLuhn } from './checksums.ts';

interface IssuerRange {
  issuer: string;
  /** Inclusive prefix bounds of equal length, compared as strings. */
  low: string;
  high: string;
  minLength: number;
  maxLength: number;
  /** Lengths inside [minLength, maxLength] that are allowed; all of them when undefined. */
  lengths?: readonly number[];
}

// Issuer identification ranges and lengths; Maestro is listed last because it only owns what no other brand claims.
const ISSUER_RANGES: readonly IssuerRange[] = [
  { issuer: 'visa', low: '4', high: '4', minLength: 13, maxLength: 19, lengths: [13, 16, 19] },
  { issuer: 'mastercard', low: '51', high: '55', minLength: 16, maxLength: 16 },
  { issuer: 'mastercard', low: '2221', high: '2720', minLength: 16, maxLength: 16 },
  { issuer: 'mir', low: '2200', high: '2204', minLength: 16, maxLength: 19 },
  { issuer: 'amex', low: '34', high: '34', minLength: 15, maxLength: 15 },
  { issuer: 'amex', low: '37', high: '37', minLength: 15, maxLength: 15 },
  { issuer: 'discover', low: '6011', high: '6011', minLength: 16, maxLength: 19 },
  { issuer: 'discover', low: '644', high: '649', minLength: 16, maxLength: 19 },
  { issuer: 'discover', low: '65', high: '65', minLength: 16, maxLength: 19 },
  { issuer: 'diners', low: '300', high: '305', minLength: 14, maxLength: 19 },
  { issuer: 'diners', low: '36', high: '36', minLength: 14, maxLength: 19 },
  { issuer: 'diners', low: '38', high: '39', minLength: 14, maxLength: 19 },
  { issuer: 'jcb', low: '3528', high: '3589', minLength: 16, maxLength: 19 },
  { issuer: 'unionpay', low: '62', high: '62', minLength: 16, maxLength: 19 },
  { issuer: 'maestro', low: '50', high: '50', minLength: 13, maxLength: 19 },
  { issuer: 'maestro', low: '56', high: '69', minLength: 13, maxLength: 19 },
];

function rangesFor(digits: string): IssuerRange[] {
  const matching = ISSUER_RANGES.filter((range) => {
    const prefix = digits.slice(0, range.low.length);
    return prefix.length === range.low.length && prefix >= range.low && prefix <= range.high;
  });
  const branded = matching.filter((range) => range.issuer !== 'maestro');
  return branded.length > 0 ? branded : matching;
}

function allowsLength(range: IssuerRange, length: number): boolean {
  return (
    length >= range.minLength && length <= range.maxLength && (range.lengths === undefined || range.lengths.includes(length))
  );
}

const ASCII_CARD_DIGITS = /^[0-9]{13,19}$/;

/** The issuer an ASCII digit string would belong to by prefix and length, before any checksum. */
export function cardIssuer(digits: string): string | undefined {
  return rangesFor(digits).find((range) => allowsLength(range, digits.length))?.issuer;
}

/**
 * Issuer prefix, length and Luhn on an ASCII digit string. Well-known test numbers (4111 1111 1111 1111,
 * 5555 5555 5555 4444 …) pass on purpose: blocking them costs nothing and agents should never see card-shaped data.
 */
export function isCardNumber(digits: string): boolean {
  // Luhn first: it is the cheapest test and rejects nine in ten candidates.
  return ASCII_CARD_DIGITS.test(digits) && passesLuhn(digits) && cardIssuer(digits) !== undefined;
}

/** Whether these digits could begin a card that still has at least `remaining` digits to come. */
export function couldStartCard(digits: string, remaining: number): boolean {
  return rangesFor(digits).some((range) => {
    for (let length = digits.length + remaining; length <= range.maxLength; length += 1) {
      if (allowsLength(range, length)) {
        return true;
      }
    }
    return false;
  });
}
