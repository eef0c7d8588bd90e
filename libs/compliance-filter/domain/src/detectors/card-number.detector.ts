import { cardIssuer, isCardNumber } from '../card-number.ts';
import { type Finding } from '../finding.ts';
import { type DigitRun, findCardRuns, gapAfter, groupDigits } from '../text/digit-runs.ts';
import { type TextRange, type TextScan, keywordPattern } from '../text/text-scan.ts';

export const CARD_KEYWORDS = keywordPattern(
  'cards?|tarjetas?|credit|debit|cr[eé]dito|d[eé]bito|visa|master ?card|amex|american express|discover|diners|jcb|' +
    'maestro|unionpay|cc',
);

// Group sizes people use when they write a card; a window inside a longer run must look like one of them.
const CARD_SHAPES = new Set([
  '4,4,4,4',
  '4,4,4,4,1',
  '4,4,4,4,2',
  '4,4,4,4,3',
  '4,6,5',
  '4,6,4',
  '4,4,4,1',
  '4,4,4,2',
  '4,4,4,3',
  '4,4,5',
  '6,6,4',
  '4,4,4,4,4,3',
]);

interface CardWindow {
  from: number;
  to: number;
  digits: string;
}

function groupLength(run: DigitRun, index: number): number {
  const group = run.groups[index];
  return group === undefined ? 0 : group.end - group.start;
}

function isExpiryMmyy(digits: string): boolean {
  const month = Number(digits.slice(0, 2));
  return digits.length === 4 && month >= 1 && month <= 12;
}

/** Whether groups [from, to] are all four digits long and joined to each other and their neighbours by `gap`. */
function isUniformBlock(text: string, run: DigitRun, from: number, to: number, gap: string): boolean {
  for (let index = from; index <= to; index += 1) {
    if (groupLength(run, index) !== 4 && index !== run.groups.length - 1) {
      return false;
    }
    if (index < run.groups.length - 1 && gapAfter(text, run, index) !== gap) {
      return false;
    }
  }
  return groupLength(run, from) === 4;
}

/**
 * Whether a window of whole groups inside a longer run may stand as a card on its own: card-shaped, and not one
 * block of a uniformly grouped longer number (a tracking number in groups of four) unless what follows is an MMYY.
 */
function isSeparableWindow(text: string, run: DigitRun, window: CardWindow): boolean {
  const { from, to } = window;
  const last = run.groups.length - 1;
  if (from === to) {
    return true;
  }
  const sizes: number[] = [];
  for (let index = from; index <= to; index += 1) {
    sizes.push(groupLength(run, index));
  }
  if (!CARD_SHAPES.has(sizes.join(','))) {
    return false;
  }
  const innerGap = gapAfter(text, run, from);
  if (from > 0 && isUniformBlock(text, run, 0, from - 1, innerGap)) {
    return false;
  }
  if (to < last && gapAfter(text, run, to) === innerGap && isUniformBlock(text, run, to + 1, last, innerGap)) {
    const next = run.groups[to + 1];
    const nextDigits = next === undefined ? '' : text.slice(next.start, next.end);
    return isExpiryMmyy(nextDigits) || cardIssuer(window.digits) === 'amex';
  }
  return true;
}

/** Guards against phone numbers that apply to every window, the whole run included. */
function isPlausibleCardWindow(scan: TextScan, run: DigitRun, window: CardWindow): boolean {
  const first = run.groups[window.from];
  if (first === undefined) {
    return false;
  }
  // An E.164 number ("+49 151 2345 6789") can pass Luhn, but no card is written with a leading plus.
  let before = first.start - 1;
  while (before >= 0 && scan.text.charCodeAt(before) === 0x20) {
    before -= 1;
  }
  if (scan.text.charCodeAt(before) === 0x2b) {
    return false;
  }
  // 13- and 14-digit numbers led by a short group read as phone numbers unless the message talks about cards.
  if (window.digits.length <= 14 && window.from !== window.to && groupLength(run, window.from) <= 3) {
    return scan.has(CARD_KEYWORDS);
  }
  return true;
}

function windowsOf(scan: TextScan, run: DigitRun): CardWindow[] {
  const text = scan.text;
  const last = run.groups.length - 1;
  const found: CardWindow[] = [];
  for (let from = 0; from <= last; from += 1) {
    let digits = '';
    for (let to = from; to <= last; to += 1) {
      // Grown one group at a time: a run of many short groups would otherwise rebuild every window from scratch.
      digits += groupDigits(text, run, to, to);
      if (digits.length > 19) {
        break;
      }
      if (digits.length < 13) {
        continue;
      }
      const window = { from, to, digits };
      const isWhole = from === 0 && to === last;
      if (
        isCardNumber(window.digits) &&
        (isWhole || isSeparableWindow(text, run, window)) &&
        isPlausibleCardWindow(scan, run, window)
      ) {
        found.push(window);
      }
    }
  }
  return found;
}

// Brands that routinely issue 19-digit cards: there a trailing three-digit group more likely ends the number than adds a CVV.
const NINETEEN_DIGIT_ISSUERS = new Set(['maestro', 'unionpay', 'mir']);

/** Whether the whole run reads as one of those long cards. */
function isLongCard(window: CardWindow): boolean {
  return window.digits.length === 19 && NINETEEN_DIGIT_ISSUERS.has(cardIssuer(window.digits) ?? '');
}

/** The windows to report for one run: non-overlapping, the whole run first unless it swallowed a trailing CVV. */
function chooseWindows(run: DigitRun, windows: CardWindow[]): CardWindow[] {
  const last = run.groups.length - 1;
  const whole = windows.find((window) => window.from === 0 && window.to === last);
  const trailingGroup = groupLength(run, last);
  const withoutTail = windows.find((window) => window.from === 0 && window.to === last - 1);
  if (whole !== undefined && withoutTail !== undefined && trailingGroup >= 3 && trailingGroup <= 4 && !isLongCard(whole)) {
    return [withoutTail];
  }
  if (whole !== undefined) {
    return [whole];
  }
  const ordered = [...windows].sort((a, b) => b.digits.length - a.digits.length || a.from - b.from);
  const chosen: CardWindow[] = [];
  for (const window of ordered) {
    if (!chosen.some((other) => window.from <= other.to && other.from <= window.to)) {
      chosen.push(window);
    }
  }
  return chosen;
}

/**
 * Card numbers: 13–19 digits written with any separators, in whole groups only (never a window slid inside a
 * digit run), passing issuer prefix, length and Luhn, and not inside a span another checksum already explains.
 */
export function detectCardNumbers(scan: TextScan, explained: readonly TextRange[] = []): Finding[] {
  if (scan.digitCount < 13) {
    return [];
  }
  const findings: Finding[] = [];
  for (const run of findCardRuns(scan.text, scan.digitGroups)) {
    if (run.digitCount < 13) {
      continue;
    }
    for (const window of chooseWindows(run, windowsOf(scan, run))) {
      const first = run.groups[window.from];
      const lastGroup = run.groups[window.to];
      if (first === undefined || lastGroup === undefined) {
        continue;
      }
      const span = { start: first.start, end: lastGroup.end };
      if (!explained.some((range) => span.start < range.end && range.start < span.end)) {
        findings.push({ type: 'CREDIT_CARD', ...span });
      }
    }
  }
  return findings;
}

/** Card windows of one run, for the split-message helpers that must not offer digits of a complete card. */
export function cardWindowsOfRun(scan: TextScan, run: DigitRun): Array<{ from: number; to: number }> {
  return run.digitCount < 13 ? [] : chooseWindows(run, windowsOf(scan, run));
}
