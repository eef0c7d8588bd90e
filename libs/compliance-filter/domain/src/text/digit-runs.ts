/** A stretch of consecutive digits in the folded text. */
export interface DigitGroup {
  start: number;
  end: number;
}

/** Digit groups joined by short separator gaps: how people write one long number. */
export interface DigitRun {
  groups: DigitGroup[];
  start: number;
  end: number;
  digitCount: number;
}

// What may stand between the groups of a card: spaces, dashes, dots, slashes, underscores, pipes, parentheses, commas.
const CARD_SEPARATORS = new Set([...' \t\n\r\f\v-./_|(),\\'].map((character) => character.charCodeAt(0)));
const MAX_CARD_GAP = 4;

export function isCardSeparator(code: number): boolean {
  return CARD_SEPARATORS.has(code);
}

function isCardGap(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > MAX_CARD_GAP) {
    return false;
  }
  for (let index = from; index < to; index += 1) {
    if (!CARD_SEPARATORS.has(text.charCodeAt(index))) {
      return false;
    }
  }
  return true;
}

/** The digit groups of the folded text joined into runs wherever at most four card separators stand between them. */
export function findCardRuns(text: string, digitGroups: readonly DigitGroup[]): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: DigitRun | undefined;
  for (const group of digitGroups) {
    if (current !== undefined && isCardGap(text, current.end, group.start)) {
      current.groups.push(group);
      current.end = group.end;
      current.digitCount += group.end - group.start;
      continue;
    }
    current = { groups: [group], start: group.start, end: group.end, digitCount: group.end - group.start };
    runs.push(current);
  }
  return runs;
}

/** The digits of groups [from, to] of a run. */
export function groupDigits(text: string, run: DigitRun, from: number, to: number): string {
  let digits = '';
  for (let index = from; index <= to; index += 1) {
    const group = run.groups[index];
    if (group !== undefined) {
      digits += text.slice(group.start, group.end);
    }
  }
  return digits;
}

/** The separator text between group index and the next one. */
export function gapAfter(text: string, run: DigitRun, index: number): string {
  const group = run.groups[index];
  const next = run.groups[index + 1];
  return group !== undefined && next !== undefined ? text.slice(group.end, next.start) : '';
}
