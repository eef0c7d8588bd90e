import { couldStartCard } from './card-number.ts';
import { cardWindowsOfRun } from './detectors/card-number.detector.ts';
import { type DigitRun, findCardRuns, gapAfter, groupDigits, isCardSeparator } from './text/digit-runs.ts';
import { foldText, toOriginalSpan } from './text/folded-text.ts';
import { TextScan } from './text/text-scan.ts';

export interface DigitRunPart {
  /** UTF-16 offsets of the run in the original text, first digit to last digit. */
  start: number;
  end: number;
  /** The run's digits as ASCII. */
  digits: string;
}

const MIN_PART_DIGITS = 4;
const MAX_PART_DIGITS = 15;

function isSeparatorOnly(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    if (!isCardSeparator(text.charCodeAt(index)) && text.charCodeAt(index) !== 0x20) {
      return false;
    }
  }
  return true;
}

/** Whether groups index and index + 1 read as a month and year ("12/27", "3/2027"), which no card half contains. */
function isDateAt(text: string, run: DigitRun, index: number): boolean {
  const month = run.groups[index];
  const year = run.groups[index + 1];
  if (month === undefined || year === undefined) {
    return false;
  }
  const yearLength = year.end - year.start;
  return month.end - month.start <= 2 && (yearLength === 2 || yearLength === 4) && gapAfter(text, run, index).includes('/');
}

/**
 * The digits that end the text when they could be the first part of a card split across two messages: the longest
 * tail of whole groups with 4–15 digits that could still grow into a card, after any complete card or date in the run.
 */
export function trailingDigitRun(text: string): DigitRunPart | undefined {
  const folded = foldText(text);
  const scan = new TextScan(folded);
  const run = findCardRuns(scan.text, scan.digitGroups).at(-1);
  if (run === undefined || !isSeparatorOnly(scan.text, run.end, scan.text.length)) {
    return undefined;
  }
  const last = run.groups.length - 1;
  let firstFree = Math.max(0, ...cardWindowsOfRun(scan, run).map((window) => window.to + 1));
  for (let index = firstFree; index < last; index += 1) {
    if (isDateAt(scan.text, run, index)) {
      firstFree = index + 2;
    }
  }
  for (let from = firstFree; from <= last; from += 1) {
    const digits = groupDigits(scan.text, run, from, last);
    const group = run.groups[from];
    if (group === undefined || digits.length > MAX_PART_DIGITS) {
      continue;
    }
    if (digits.length < MIN_PART_DIGITS) {
      return undefined;
    }
    if (couldStartCard(digits, MIN_PART_DIGITS)) {
      return { ...toOriginalSpan(folded, group.start, run.end), digits };
    }
  }
  return undefined;
}

/**
 * The digits that begin the text, for the second part of a split card: the longest head of whole groups with
 * 4–15 digits, before any complete card or date in the run.
 */
export function leadingDigitRun(text: string): DigitRunPart | undefined {
  const folded = foldText(text);
  const scan = new TextScan(folded);
  const run = findCardRuns(scan.text, scan.digitGroups)[0];
  if (run === undefined || !isSeparatorOnly(scan.text, 0, run.start)) {
    return undefined;
  }
  const windows = cardWindowsOfRun(scan, run);
  let lastFree = Math.min(run.groups.length, ...windows.map((window) => window.from)) - 1;
  for (let index = 0; index < lastFree; index += 1) {
    if (isDateAt(scan.text, run, index)) {
      lastFree = index - 1;
      break;
    }
  }
  for (let to = lastFree; to >= 0; to -= 1) {
    const digits = groupDigits(scan.text, run, 0, to);
    const group = run.groups[to];
    if (group === undefined || digits.length > MAX_PART_DIGITS) {
      continue;
    }
    if (digits.length < MIN_PART_DIGITS) {
      return undefined;
    }
    return { ...toOriginalSpan(folded, run.start, group.end), digits };
  }
  return undefined;
}
