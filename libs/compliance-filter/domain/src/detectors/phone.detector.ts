import { type Finding } from '../finding.ts';
import { type TextRange, type TextScan, digitsIn, isWordCharacterAt, keywordPattern } from '../text/text-scan.ts';

const PHONE_KEYWORDS = keywordPattern(
  'phone|ph|tel|tel[eé]fono|cell|cel|celular|mobile|m[oó]vil|whatsapp|call|text|sms|llama|ll[aá]mame|marca|fax',
);
// References whose numbers are not phones even when they have a phone's length.
const REFERENCE_KEYWORDS = keywordPattern(
  'order|orden|pedido|confirmation|conf|tracking|track|invoice|factura|ref|reference|referencia|case|ticket|folio|po|' +
    'receipt|recibo|transaction|transacci[oó]n|id|routing|ssn|member|policy|p[oó]liza|claim|reservation|booking|reserva|' +
    'serial|model|sku|item',
);
// Between two groups of one phone number: a space or two, a dash or dot (optionally spaced), parentheses around an area code.
const PHONE_GAP = /^\)?(?: ?[-.] ?| {1,2})?\(?$/;
const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;
const MAX_GAP = 4;
const MAX_GROUPS = 7;

interface PhoneRun {
  start: number;
  groups: TextRange[];
  hasPlus: boolean;
  hasParen: boolean;
}

/** National shapes (group sizes) by total length, with the leading digits each one needs. */
function isNationalNumber(digits: string, shape: string, isSingle: boolean): boolean {
  switch (digits.length) {
    case 9:
      // Spain: 612 345 678, 91 123 45 67.
      return /^[6-9]/.test(digits) && ['3,3,3', '3,2,2,2', '2,3,2,2'].includes(shape);
    case 10:
      if (isSingle) {
        return NANP.test(digits);
      }
      if (shape === '3,3,4') {
        return /^[2-9]/.test(digits);
      }
      // Mexico 55 1234 5678 and 222 123 45 67; France 01 23 45 67 89.
      return (
        (['2,4,4', '3,3,2,2'].includes(shape) && /^[1-9]/.test(digits)) || (shape === '2,2,2,2,2' && digits.startsWith('0'))
      );
    case 11:
      if (digits.startsWith('1')) {
        return NANP.test(digits.slice(1)) && (isSingle || ['1,3,3,4', '1,10', '4,3,4', '1,3,7'].includes(shape));
      }
      // UK and other trunk-prefixed national numbers: 07700 900123, 020 7946 0958, 0161 496 0000.
      return digits.startsWith('0') && digits[1] !== '0' && (isSingle || ['5,6', '3,4,4', '4,3,4', '5,3,3', '4,7', '3,8'].includes(shape));
    case 12:
      // Mexico's former long-distance prefix: 01 800 123 4567, 01 55 1234 5678.
      return digits.startsWith('01') && ['2,3,3,4', '2,2,4,4', '2,10', '3,3,3,3'].includes(shape);
    case 13:
      // Mexico's former mobile prefixes: 044 55 1234 5678.
      return /^04[45]/.test(digits) && ['3,2,4,4', '3,10', '3,3,3,4'].includes(shape);
    default:
      return false;
  }
}

function isPhoneGap(text: string, from: number, to: number): boolean {
  return (
    to - from >= 1 && to - from <= MAX_GAP && hasOnlyGapCharacters(text, from, to) && PHONE_GAP.test(text.slice(from, to))
  );
}

/** Whether [from, to) holds only spaces, dashes, dots and parentheses: a cheap check before the gap pattern. */
function hasOnlyGapCharacters(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x2d && code !== 0x2e && code !== 0x28 && code !== 0x29) {
      return false;
    }
  }
  return true;
}

/** How many groups from `from` on are joined by phone gaps into one run, at most MAX_GROUPS. */
function runGroupCount(text: string, digitGroups: readonly TextRange[], from: number): number {
  let count = 1;
  for (let index = from + 1; index < digitGroups.length && count < MAX_GROUPS; index += 1) {
    const previous = digitGroups[index - 1];
    const next = digitGroups[index];
    if (previous === undefined || next === undefined || !isPhoneGap(text, previous.end, next.start)) {
      break;
    }
    count += 1;
  }
  return count;
}

/** The run of `groupCount` groups from `from` on, with the plus or opening parenthesis written before its first. */
function readRun(text: string, digitGroups: readonly TextRange[], from: number, groupCount: number): PhoneRun | undefined {
  const first = digitGroups[from];
  if (first === undefined) {
    return undefined;
  }
  const groups = digitGroups.slice(from, from + groupCount);
  let before = first.start - 1;
  const hasParen = text[before] === '(';
  if (hasParen) {
    before -= 1;
  }
  if (text[before] === ' ' && text[before - 1] === '+') {
    before -= 1;
  }
  const hasPlus = text[before] === '+';
  return { start: hasPlus ? before : hasParen ? first.start - 1 : first.start, groups, hasPlus, hasParen };
}

/** The digits of the first `count` groups and their sizes joined by commas ("3,3,4"). */
function digitsAndShape(text: string, groups: readonly TextRange[], count: number): { digits: string; shape: string } {
  let digits = '';
  let shape = '';
  for (let index = 0; index < count && index < groups.length; index += 1) {
    const group = groups[index];
    if (group !== undefined) {
      digits += text.slice(group.start, group.end);
      shape += index === 0 ? `${group.end - group.start}` : `,${group.end - group.start}`;
    }
  }
  return { digits, shape };
}

// Lengths a national number can have without a plus or 00 prefix (7 only with phone wording).
const NATIONAL_LENGTHS = new Set([7, 9, 10, 11, 12, 13]);

/** Whether the first `groupCount` groups of the run, holding `digitCount` digits, are a phone number. */
function isPhone(scan: TextScan, run: PhoneRun, groupCount: number, digitCount: number): boolean {
  const text = scan.text;
  const first = run.groups[0];
  const last = run.groups[groupCount - 1];
  if (first === undefined || last === undefined) {
    return false;
  }
  if (run.hasPlus) {
    return digitCount >= 8 && text[first.start] !== '0';
  }
  if (text[first.start] === '0' && text[first.start + 1] === '0' && first.end - first.start >= 3 && text[first.start + 2] !== '0') {
    return digitCount >= 10;
  }
  if (!NATIONAL_LENGTHS.has(digitCount)) {
    return false;
  }
  const { digits, shape } = digitsAndShape(text, run.groups, groupCount);
  const isSingle = groupCount === 1;
  const range = { start: run.start, end: last.end };
  // A bare Spanish nine-digit number or a US seven-digit local number needs phone wording in front.
  const needsWording =
    (isSingle && digitCount === 9 && /^[6-9]/.test(digits)) || (shape === '3,4' && /^[2-9]/.test(digits) && text[first.end] === '-');
  if (!isNationalNumber(digits, shape, isSingle) && !(needsWording && scan.isNear(PHONE_KEYWORDS, range, 30, 0, true))) {
    return false;
  }
  const leading = text.slice(Math.max(0, run.start - 2), run.start).trimEnd();
  return !leading.endsWith('#') && !leading.endsWith('$') && !scan.isNear(REFERENCE_KEYWORDS, range, isSingle ? 25 : 12, 0, true);
}

/**
 * Phone numbers in international (+…, 00…) and common national forms (US/Canada, UK, Spain, Mexico, France), in
 * whole digit groups; reference numbers, amounts and dates do not have these shapes or are vetoed by their wording.
 */
export function detectPhones(scan: TextScan): Finding[] {
  if (scan.digitCount < 7) {
    return [];
  }
  const text = scan.text;
  const digitGroups = scan.digitGroups;
  const findings: Finding[] = [];
  let from = 0;
  while (from < digitGroups.length) {
    // Most runs are times, dates and amounts of fewer than seven digits: skipped before a run is built.
    const groupCount = runGroupCount(text, digitGroups, from);
    if (digitsIn(digitGroups, from, from + groupCount) < 7) {
      from += groupCount;
      continue;
    }
    const run = readRun(text, digitGroups, from, groupCount);
    if (run === undefined) {
      break;
    }
    let digitsUpTo = run.groups.reduce((sum, group) => sum + group.end - group.start, 0);
    const previous = digitGroups[from - 1];
    // Inside a longer number only a short lead-in ("qty 3 415-555-0100") may precede a phone, not another block.
    const isInsideNumber =
      previous !== undefined && previous.end - previous.start >= 3 && isPhoneGap(text, previous.end, run.groups[0]?.start ?? 0);
    if (digitsUpTo < 7 || isInsideNumber || isWordCharacterAt(text, run.start - 1)) {
      // No later start inside a run this short can hold a phone either; a number glued to a word is not one.
      from += digitsUpTo < 7 ? run.groups.length : 1;
      continue;
    }
    // A run longer than any phone may still begin with one ("415 555 0100 2 lines"): drop groups from the end; when
    // none is found, the next attempt starts at the second group ("qty 3 415-555-0100").
    let taken = 0;
    for (let count = run.groups.length; count >= 1 && taken === 0; count -= 1) {
      const last = run.groups[count - 1];
      const digitCount = digitsUpTo;
      digitsUpTo -= last === undefined ? 0 : last.end - last.start;
      if (last !== undefined && digitCount >= 7 && digitCount <= 15 && isPhone(scan, run, count, digitCount)) {
        findings.push({ type: 'PHONE', start: run.start, end: last.end });
        taken = count;
      }
    }
    from += Math.max(1, taken);
  }
  return findings;
}
