import { passesAbaChecksum } from '../checksums.ts';
import { isCardNumber } from '../card-number.ts';
import { type Finding } from '../finding.ts';
import {
  type KeywordPattern,
  type TextRange,
  type TextScan,
  digitsIn,
  isAsciiDigit,
  isWordCharacterAt,
  keywordPattern,
} from '../text/text-scan.ts';

const ACCOUNT_KEYWORDS = keywordPattern(
  '(?:bank |checking |savings |deposit )?(?:account|acct|acc ?#|a/c)(?: (?:number|num|no|nbr|#))?|' +
    '(?:checking|savings)(?: (?:number|no|#))?|(?:n[uú]mero|no|num)\\.? de cuenta(?: bancaria)?|' +
    'cuenta(?: bancaria| de ahorros?| de cheques| corriente)?|cta',
);
const ROUTING_KEYWORDS = keywordPattern('routing(?:/transit)?|aba|rtn|transit|n[uú]mero de ruta|ruta(?: bancaria)?');
// Reference wording that names the number in front of it ("order 1234567 is the account order") as something else.
const REFERENCE_KEYWORDS = keywordPattern(
  'orders?|invoice|ref|reference|ticket|confirmation|tracking|claim|case|policy|member|pedido|factura|folio|referencia',
);
// Wording that makes an ABA-valid nine-digit number next to it a routing number even without "routing".
const BANK_KEYWORDS = keywordPattern('bank|banco|ach|direct deposit|dep[oó]sito directo|wire|transferencia');

// Between an account keyword and its number: punctuation and a few linking words ("the savings one is", "number
// for paypal, is it"); a "for …" aside must lead on to "is" so "account for order 12345678" stays an order number.
const ACCOUNT_FILLER = new RegExp(
  "^[\\s:#=.-]*(?:(?:for|para|at|with|con|en)\\s+[\\p{L}'&-]+[\\s,]*(?=is\\b|es\\b))?" +
    '(?:(?:is|es|it|one|number|num|no|nbr|n[uú]mero)[\\s:#=.-]*){0,3}$',
  'iu',
);
// Account wording right after the number ("12345678 (checking)", "376496988882 is the account").
const ACCOUNT_AFTER = /^\s*(?:(?:is|es)\s+)?(?:(?:the|my|our|mi|la|el)\s+)?\(?(?:checking|savings|account|acct|cuenta)\b/iu;
type GluedKeyword = 'routing' | 'account';

// Keywords people glue to the number itself ("RTN660828237ACCT4298155503").
const GLUED_KEYWORDS: ReadonlyMap<string, GluedKeyword> = new Map([
  ['rtn', 'routing'],
  ['aba', 'routing'],
  ['routing', 'routing'],
  ['acct', 'account'],
  ['acc', 'account'],
  ['account', 'account'],
  ['cuenta', 'account'],
  ['cta', 'account'],
]);
// Routing numbers written in groups: the 4-4-1 of a check's MICR line, or three groups of three.
const GROUPED_ROUTING = /^(?:\d{4}-\d{4}-\d|\d{3}([ -])\d{3}\1\d{3})$/;
// Between an account number and a routing number next to it: punctuation, "and", "y", "&", "routing" words aside.
const PAIR_FILLER = /^[\s,;:/|&+-]*(?:(?:and|y)[\s,;:/|&+-]*)?$/iu;
const ROUTING_PREFIX = /^(?:0\d|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80)/;
const MAX_KEYWORD_DISTANCE = 30;

/** An ABA routing number: nine digits, a Federal Reserve, thrift, electronic or traveler's-cheque prefix, and the 3-7-1 checksum. */
export function isRoutingNumber(digits: string): boolean {
  return /^\d{9}$/.test(digits) && ROUTING_PREFIX.test(digits) && passesAbaChecksum(digits);
}

interface Candidate extends TextRange {
  digits: string;
  /** The keyword written against the number's first digit, if any. */
  glued?: GluedKeyword;
}

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

/** Whether the character at index ends a glued word: not a letter of another script (a digit of the next number may). */
function isGlueBoundary(text: string, index: number): boolean {
  return !isWordCharacterAt(text, index) || isAsciiDigit(text.charCodeAt(index));
}

/** The bank keyword made of all the ASCII letters that end right at index, if they spell one. */
function gluedKeywordBefore(text: string, index: number): GluedKeyword | undefined {
  let start = index;
  while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) {
    start -= 1;
  }
  return start < index && isGlueBoundary(text, start - 1) ? GLUED_KEYWORDS.get(text.slice(start, index).toLowerCase()) : undefined;
}

/** The bank keyword made of all the ASCII letters that start at index, if they spell one. */
function gluedKeywordAfter(text: string, index: number): GluedKeyword | undefined {
  let end = index;
  while (end < text.length && isAsciiLetter(text.charCodeAt(end))) {
    end += 1;
  }
  return end > index && isGlueBoundary(text, end) ? GLUED_KEYWORDS.get(text.slice(index, end).toLowerCase()) : undefined;
}

/** Numbers joined by single spaces stay one candidate only while every piece is short ("1234 5678 9012"). */
function splitAtSpaces(raw: string, start: number): Array<{ start: number; end: number }> {
  if (!raw.includes(' ')) {
    return [{ start, end: start + raw.length }];
  }
  const pieces = raw.split(' ');
  if (pieces.every((piece) => piece.replace(/-/g, '').length <= 5)) {
    return [{ start, end: start + raw.length }];
  }
  const ranges: Array<{ start: number; end: number }> = [];
  let offset = start;
  for (const piece of pieces) {
    if (piece.replace(/-/g, '').length >= 6) {
      ranges.push({ start: offset, end: offset + piece.length });
    }
    offset += piece.length + 1;
  }
  return ranges;
}

/**
 * Digit groups joined by single dashes or spaces into 6–17-digit candidates; a number glued to letters, run into
 * other digits by a slash, dot or comma, or written as a price is not one.
 */
function candidates(text: string, digitGroups: readonly TextRange[]): Candidate[] {
  const found: Candidate[] = [];
  let index = 0;
  while (index < digitGroups.length) {
    const chainStart = index;
    const first = digitGroups[index];
    if (first === undefined) {
      break;
    }
    let last = first;
    let next = index + 1;
    for (; next < digitGroups.length; next += 1) {
      const group = digitGroups[next];
      if (group === undefined || group.start !== last.end + 1 || !'- '.includes(text[last.end] ?? 'x')) {
        break;
      }
      last = group;
    }
    index = next;
    // Every piece of a chain holds at most the chain's digits, so a chain of fewer than six yields no candidate.
    if (digitsIn(digitGroups, chainStart, next) < 6) {
      continue;
    }
    const before = text.charCodeAt(first.start - 1);
    const after = text.charCodeAt(last.end);
    const isJoinedToDigits =
      ((before === 0x2f || before === 0x2e || before === 0x2c) && isAsciiDigit(text.charCodeAt(first.start - 2))) ||
      ((after === 0x2f || after === 0x2e || after === 0x2c) && isAsciiDigit(text.charCodeAt(last.end + 1)));
    const isAmount = before === 0x24 || (after === 0x2e && isAsciiDigit(text.charCodeAt(last.end + 1)));
    const glued = isWordCharacterAt(text, first.start - 1) ? gluedKeywordBefore(text, first.start) : undefined;
    const isGluedBefore = isWordCharacterAt(text, first.start - 1) && glued === undefined;
    const isGluedAfter = isWordCharacterAt(text, last.end) && gluedKeywordAfter(text, last.end) === undefined;
    if (isJoinedToDigits || isAmount || before === 0x2b || isGluedBefore || isGluedAfter) {
      continue;
    }
    for (const range of splitAtSpaces(text.slice(first.start, last.end), first.start)) {
      const digits = text.slice(range.start, range.end).replace(/\D/g, '');
      if (digits.length >= 6 && digits.length <= 17) {
        found.push(glued === undefined || range.start !== first.start ? { ...range, digits } : { ...range, digits, glued });
      }
    }
  }
  return found;
}

function hasKeywordBefore(scan: TextScan, keywords: KeywordPattern, range: TextRange, filler: RegExp): boolean {
  return scan.hits(keywords).some((hit) => {
    const distance = range.start - hit.end;
    return distance >= 0 && distance <= MAX_KEYWORD_DISTANCE && filler.test(scan.text.slice(hit.end, range.start));
  });
}

function isPhoneShaped(candidate: Candidate, text: string): boolean {
  const raw = text.slice(candidate.start, candidate.end);
  return /^\d{3}[- ]\d{3}[- ]\d{4}$/.test(raw) || text.charCodeAt(candidate.start - 1) === 0x28;
}

/** Routing and account wording before both numbers, or after both ("638416053 2244923953 routing then account"). */
function namesBoth(scan: TextScan, first: TextRange, second: TextRange): boolean {
  return (
    (scan.isNear(ROUTING_KEYWORDS, first, MAX_KEYWORD_DISTANCE + 10, 0, true) &&
      scan.isNear(ACCOUNT_KEYWORDS, first, MAX_KEYWORD_DISTANCE + 10, 0, true)) ||
    (scan.isNear(ROUTING_KEYWORDS, second, 0, MAX_KEYWORD_DISTANCE, true) &&
      scan.isNear(ACCOUNT_KEYWORDS, second, 0, MAX_KEYWORD_DISTANCE, true))
  );
}

/**
 * "Routing and account: 021000021 12345678": two numbers side by side after wording that names both; the ABA-valid
 * one is the routing number and the other the account.
 */
function pairedNumbers(scan: TextScan, all: readonly Candidate[]): Map<Candidate, 'ROUTING_NUMBER' | 'BANK_ACCOUNT'> {
  const paired = new Map<Candidate, 'ROUTING_NUMBER' | 'BANK_ACCOUNT'>();
  for (let index = 0; index + 1 < all.length; index += 1) {
    const first = all[index];
    const second = all[index + 1];
    if (first === undefined || second === undefined || paired.has(first)) {
      continue;
    }
    const gap = scan.text.slice(first.end, second.start);
    // The gap is checked first: the keyword lookups cost more and most neighbours are too far apart anyway.
    if (gap.length > 20 || !PAIR_FILLER.test(gap) || !namesBoth(scan, first, second)) {
      continue;
    }
    const routing = isRoutingNumber(first.digits) ? first : isRoutingNumber(second.digits) ? second : undefined;
    const account = routing === first ? second : first;
    if (routing !== undefined && !isCardNumber(account.digits)) {
      paired.set(routing, 'ROUTING_NUMBER');
      paired.set(account, 'BANK_ACCOUNT');
    }
  }
  return paired;
}

/** An ABA-valid number, plain or in MICR / 3-3-3 groups, with routing wording near it or glued to it. */
function isNamedRouting(scan: TextScan, candidate: Candidate): boolean {
  const written = scan.text.slice(candidate.start, candidate.end);
  if (!isRoutingNumber(candidate.digits) || !(/^\d{9}$/.test(written) || GROUPED_ROUTING.test(written))) {
    return false;
  }
  return (
    candidate.glued === 'routing' ||
    scan.isNear(ROUTING_KEYWORDS, candidate, MAX_KEYWORD_DISTANCE + 10, MAX_KEYWORD_DISTANCE, true)
  );
}

/**
 * Not a card, and introduced by account wording, or followed by it ("12345678 (checking)"); a phone-shaped number
 * counts only when account wording introduces it directly ("acct 281-507-2752").
 */
function isAccountNumber(scan: TextScan, candidate: Candidate, followsAccountWord: boolean): boolean {
  if (isCardNumber(candidate.digits)) {
    return false;
  }
  if (followsAccountWord) {
    return true;
  }
  const isFollowedByAccountWord = ACCOUNT_AFTER.test(scan.text.slice(candidate.end, candidate.end + 24));
  return (
    isFollowedByAccountWord && !isPhoneShaped(candidate, scan.text) && !scan.isNear(REFERENCE_KEYWORDS, candidate, 12, 0, true)
  );
}

/**
 * Bank account numbers (6–17 digits) right after account wording, and ABA routing numbers with routing or bank
 * wording nearby or written next to an account number; never a card number or a phone-shaped number.
 */
export function detectBankNumbers(scan: TextScan): Finding[] {
  if (scan.digitCount < 6) {
    return [];
  }
  const text = scan.text;
  const all = candidates(text, scan.digitGroups);
  if (all.length === 0) {
    return [];
  }
  const findings: Finding[] = [];
  const accounts: Candidate[] = [];
  const routingCandidates: Candidate[] = [];
  const paired = pairedNumbers(scan, all);
  for (const candidate of all) {
    const pairedType = paired.get(candidate);
    if (pairedType !== undefined) {
      findings.push({ type: pairedType, start: candidate.start, end: candidate.end });
      continue;
    }
    const isRoutingShaped = isRoutingNumber(candidate.digits) && /^\d{9}$/.test(text.slice(candidate.start, candidate.end));
    const followsAccountWord =
      candidate.glued === 'account' || hasKeywordBefore(scan, ACCOUNT_KEYWORDS, candidate, ACCOUNT_FILLER);
    // Account wording right in front wins over routing wording further off ("account 021000021, routing …").
    if (!followsAccountWord && isNamedRouting(scan, candidate)) {
      findings.push({ type: 'ROUTING_NUMBER', start: candidate.start, end: candidate.end });
      continue;
    }
    if (isAccountNumber(scan, candidate, followsAccountWord)) {
      accounts.push(candidate);
      findings.push({ type: 'BANK_ACCOUNT', start: candidate.start, end: candidate.end });
    } else if (isRoutingShaped) {
      routingCandidates.push(candidate);
    }
  }
  for (const candidate of routingCandidates) {
    const besideAccount = accounts.some((account) => {
      const gap = account.end <= candidate.start ? text.slice(account.end, candidate.start) : text.slice(candidate.end, account.start);
      return gap.length <= 20 && PAIR_FILLER.test(gap);
    });
    if (besideAccount || scan.isNear(BANK_KEYWORDS, candidate, MAX_KEYWORD_DISTANCE + 10, MAX_KEYWORD_DISTANCE, true)) {
      findings.push({ type: 'ROUTING_NUMBER', start: candidate.start, end: candidate.end });
    }
  }
  return findings;
}
