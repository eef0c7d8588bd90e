import { cardIssuer } from '../card-number.ts';
import { type Finding } from '../finding.ts';
import { type TextScan, isAsciiDigit, keywordPattern } from '../text/text-scan.ts';
import { CARD_KEYWORDS } from './card-number.detector.ts';

const CVV_KEYWORDS = keywordPattern(
  'cvv ?2?|cvc ?2?|cvn|cid|csc|cav2|security code|sec\\.? code|c[oó]d(?:igo|\\.)? (?:de )?seguridad|' +
    '(?:3|4|three|four|tres|cuatro)[ -]?(?:digit|d[ií]gitos?)(?: security)? code|' +
    '(?:code|numbers?|digits|n[uú]meros) (?:on|in) the back|back of (?:the|my) card|reverso de (?:la|mi) tarjeta',
);
const EXPIRY_KEYWORDS = keywordPattern(
  'exp(?:iry|iration|ires|ired|ira|ir[oó]|iraci[oó]n)?(?: date)?|valid (?:thru|through|until)|good (?:thru|through)|' +
    'vence|venci[oó]|vencimiento|venc|vto|caducidad|cad|fecha de (?:vencimiento|caducidad|expiraci[oó]n)',
);
// Things other than cards that expire; right before "exp" they make the date theirs ("my license exp 04/27").
const NON_CARD_SUBJECTS = keywordPattern(
  'licen[cs]e|licencia|membership|membres[ií]a|registration|passport|pasaporte|permit|permiso|subscription|' +
    'suscripci[oó]n|warranty|garant[ií]a|policy|p[oó]liza|lease|contrato|id',
);
const MAX_SUBJECT_GAP = 12;
// Plain "code" names a card's security code only when a card number is in the same message.
const CODE_KEYWORDS = keywordPattern('codes?|c[oó]digo|c[oó]d');
// Coupon and promotion wording: there "exp 08/31" is the offer's end date, not a card's.
const PROMOTION_KEYWORDS = keywordPattern(
  'coupons?|promos?|promotion|offers?|sale|discounts?|deals?|vouchers?|cup[oó]n|cupones|oferta|descuento|promoci[oó]n',
);

const GENERIC_SECURITY_CODE = /^(?:security code|sec\.? code|c[oó]d(?:igo|\.)? (?:de )?seguridad)$/iu;
const OTP_WORDING = new RegExp(
  "one[- ]?time|\\botp\\b|verification|verify|do not share|don't share|sign[- ]?in|log[- ]?in|expires in|" +
    'c[oó]digo de verificaci[oó]n|no (?:lo )?compartas',
  'iu',
);
const CODE_BEFORE_KEYWORD = /(?<![\d]|[\d][/.-])(\d{3,4})[\s:=()-]*(?:(?:is|es|was)\s+)?(?:(?:my|the|mi|el|la)\s+)?$/iu;

// Month, a separator (optionally spaced), and a two- or four-digit year; not the first part of a full date.
const SEPARATED_EXPIRY = /^(?:0?[1-9]|1[0-2]) ?[/\-.] ?(?:20\d{2}|\d{2})(?![\d]|[/\-.]\d)/;
// After a keyword, also MMYY, MMYYYY or "03 27".
const KEYWORD_EXPIRY = /^(?:(?:0[1-9]|1[0-2])(?:20\d{2}|\d{2})|(?:0?[1-9]|1[0-2]) (?:20\d{2}|\d{2}))(?![\d]|[/\-.]\d)/;
const MAX_KEYWORD_GAP = 25;
const MAX_ADJACENT_GAP = 6;
// Eight or more digits written in groups ("7001 2251 0047 0012") make a gift card or account number, not a code.
const MIN_LONGER_NUMBER = 8;
// One word may stand between a card and its details ("exp", "cvv", "срок"); these words frame a date as something else.
const DATE_FRAME_WORDS = new Set(
  ['on', 'by', 'due', 'before', 'after', 'since', 'from', 'at', 'for', 'el', 'del', 'desde', 'antes', 'para'],
);
const CVV_WORD = /^(?:cvv2?|cvc2?|cvn|cid|csc|code|c[oó]digo|c[oó]d)$/iu;
const EXPIRY_WORD = /^(?:exp\p{L}*|vence|venci[oó]|vto|venc|cad|caducidad)$/iu;
const MMYY = /^(?:0[1-9]|1[0-2])\d{2}(?![\d]|[/\-.]\d)/;

/** The first digit at or after `from` when only non-digit filler (no line break) lies between, within `limit`. */
function firstDigitAfter(text: string, from: number, limit: number): number | undefined {
  for (let index = from; index < text.length && index - from <= limit; index += 1) {
    const code = text.charCodeAt(index);
    if (isAsciiDigit(code)) {
      return index;
    }
    if (code === 0x0a) {
      return undefined;
    }
  }
  return undefined;
}

/** A standalone group of 3 or 4 digits starting at index: not followed by more digits or by a date or number separator. */
function securityCodeLength(text: string, index: number, allowFour: boolean): number | undefined {
  let end = index;
  while (end < text.length && isAsciiDigit(text.charCodeAt(end))) {
    end += 1;
  }
  const length = end - index;
  if (length !== 3 && !(allowFour && length === 4)) {
    return undefined;
  }
  const next = text.charCodeAt(end);
  if ((next === 0x2f || next === 0x2d || next === 0x2e) && isAsciiDigit(text.charCodeAt(end + 1))) {
    return undefined;
  }
  return length;
}

/** How many digits the groups from index on hold when joined by one or two spaces or dashes ("7001 2251 0047"). */
function digitsInGroupedNumber(text: string, index: number): number {
  let count = 0;
  let position = index;
  for (;;) {
    while (isAsciiDigit(text.charCodeAt(position))) {
      count += 1;
      position += 1;
    }
    let gap = position;
    while (gap - position < 2 && (text.charCodeAt(gap) === 0x20 || text.charCodeAt(gap) === 0x2d)) {
      gap += 1;
    }
    if (gap === position || !isAsciiDigit(text.charCodeAt(gap))) {
      return count;
    }
    position = gap;
  }
}

function hasCardSupport(scan: TextScan, cards: readonly Finding[]): boolean {
  return cards.length > 0 || scan.has(CARD_KEYWORDS);
}

function keywordCvvs(scan: TextScan, cards: readonly Finding[]): Finding[] {
  if (!scan.hasDigitGroup(3, 4)) {
    return [];
  }
  const text = scan.text;
  const findings: Finding[] = [];
  for (const hit of scan.hits(CVV_KEYWORDS)) {
    // "Security code" also introduces one-time codes; a four-digit one counts only where cards are the subject.
    const isGeneric = GENERIC_SECURITY_CODE.test(text.slice(hit.start, hit.end));
    if (isGeneric && OTP_WORDING.test(text)) {
      continue;
    }
    const allowFour = !isGeneric || hasCardSupport(scan, cards);
    const after = firstDigitAfter(text, hit.end, MAX_KEYWORD_GAP);
    const length = after === undefined ? undefined : securityCodeLength(text, after, allowFour);
    if (after !== undefined && length !== undefined) {
      // The first group of a longer number ("the number on the back is 7001 2251 …") is not a code of its own.
      if (digitsInGroupedNumber(text, after) < MIN_LONGER_NUMBER) {
        findings.push({ type: 'CVV', start: after, end: after + length });
      }
      continue;
    }
    // "123 is my cvv": a code right before the keyword, with at most a few linking words between.
    const windowStart = Math.max(0, hit.start - 20);
    const before = CODE_BEFORE_KEYWORD.exec(text.slice(windowStart, hit.start));
    const code = before?.[1];
    if (before !== null && code !== undefined && (allowFour || code.length === 3)) {
      findings.push({ type: 'CVV', start: windowStart + before.index, end: windowStart + before.index + code.length });
    }
  }
  if (cards.length > 0) {
    for (const hit of scan.hits(CODE_KEYWORDS)) {
      const after = firstDigitAfter(text, hit.end, 12);
      const length = after === undefined ? undefined : securityCodeLength(text, after, false);
      if (after !== undefined && length !== undefined) {
        findings.push({ type: 'CVV', start: after, end: after + length });
      }
    }
  }
  return findings;
}

function keywordExpiries(scan: TextScan, cards: readonly Finding[]): Finding[] {
  // Every expiry form has a one- or two-digit month group, or is MMYY / MMYYYY in one group.
  if (!scan.hasDigitGroup(1, 2) && !scan.hasDigitGroup(4, 4) && !scan.hasDigitGroup(6, 6)) {
    return [];
  }
  const hits = scan.hits(EXPIRY_KEYWORDS);
  if (hits.length === 0) {
    return [];
  }
  if (!hasCardSupport(scan, cards) && !scan.has(CVV_KEYWORDS) && scan.has(PROMOTION_KEYWORDS)) {
    return [];
  }
  const text = scan.text;
  const findings: Finding[] = [];
  for (const hit of hits) {
    if (scan.isNear(NON_CARD_SUBJECTS, hit, MAX_SUBJECT_GAP, 0, true)) {
      continue;
    }
    const after = firstDigitAfter(text, hit.end, MAX_KEYWORD_GAP);
    if (after === undefined || isAsciiDigit(text.charCodeAt(after - 1))) {
      continue;
    }
    const rest = text.slice(after, after + 12);
    const match = SEPARATED_EXPIRY.exec(rest) ?? KEYWORD_EXPIRY.exec(rest);
    if (match !== null) {
      findings.push({ type: 'CARD_EXPIRY', start: after, end: after + match[0].length });
    }
  }
  return findings;
}

/** The next detail after `position`: where its digits start and the one word (if any) skipped to reach them. */
function nextDetail(text: string, position: number): { index: number; word: string } | undefined {
  const skipFiller = (from: number): number => {
    let index = from;
    while (index < text.length && index - from <= MAX_ADJACENT_GAP && !/[\p{L}\p{N}]/u.test(text[index] ?? '')) {
      index += 1;
    }
    return index;
  };
  let index = skipFiller(position);
  const word = /^\p{L}{1,12}/u.exec(text.slice(index, index + 13))?.[0] ?? '';
  if (word !== '') {
    index = skipFiller(index + word.length);
  }
  return index === position || !isAsciiDigit(text.charCodeAt(index)) ? undefined : { index, word };
}

/** What has been read after one card so far. */
interface DetailsSeen {
  expiry: boolean;
  cvv: boolean;
}

/** One detail token after a card: an expiry date, a CVV or an MMYY, each allowed only behind a fitting word. */
function readDetail(text: string, index: number, word: string, isAmex: boolean, seen: DetailsSeen): Finding | undefined {
  const rest = text.slice(index, index + 12);
  const isCvvWord = CVV_WORD.test(word);
  const date = seen.expiry || isCvvWord || DATE_FRAME_WORDS.has(word.toLowerCase()) ? null : SEPARATED_EXPIRY.exec(rest);
  if (date !== null) {
    return { type: 'CARD_EXPIRY', start: index, end: index + date[0].length };
  }
  const length = seen.cvv || (word !== '' && !isCvvWord) ? undefined : securityCodeLength(text, index, isAmex);
  if (length !== undefined) {
    return { type: 'CVV', start: index, end: index + length };
  }
  const mmyy = seen.expiry || (word !== '' && !EXPIRY_WORD.test(word)) ? null : MMYY.exec(rest);
  return mmyy === null ? undefined : { type: 'CARD_EXPIRY', start: index, end: index + 4 };
}

/**
 * Expiry and CVV typed right after a card number with only punctuation or one word between ("4111… 12/27 123",
 * "4111… exp 08/29 377", "…885exp12/27cvv123").
 */
function adjacentDetails(scan: TextScan, cards: readonly Finding[]): Finding[] {
  const text = scan.text;
  const findings: Finding[] = [];
  for (const card of cards) {
    const isAmex = cardIssuer(text.slice(card.start, card.end).replace(/\D/g, '')) === 'amex';
    const seen: DetailsSeen = { expiry: false, cvv: false };
    let position = card.end;
    for (let token = 0; token < 2; token += 1) {
      const next = nextDetail(text, position);
      const detail = next === undefined ? undefined : readDetail(text, next.index, next.word, isAmex, seen);
      if (detail === undefined) {
        break;
      }
      findings.push(detail);
      seen.expiry ||= detail.type === 'CARD_EXPIRY';
      seen.cvv ||= detail.type === 'CVV';
      position = detail.end;
    }
  }
  return findings;
}

/**
 * CVV and expiry, only in card context: right after a card number in the same message, or next to their own
 * keywords (cvv, security code, exp, valid thru, vence …); promotion wording without any card talk vetoes a bare "exp",
 * and so does another thing that expires named right before it (license, membership, passport …).
 */
export function detectCardDetails(scan: TextScan, cards: readonly Finding[]): Finding[] {
  if (scan.digitCount < 3) {
    return [];
  }
  const findings = adjacentDetails(scan, cards);
  for (const finding of keywordCvvs(scan, cards)) {
    findings.push(finding);
  }
  for (const finding of keywordExpiries(scan, cards)) {
    findings.push(finding);
  }
  return findings;
}
