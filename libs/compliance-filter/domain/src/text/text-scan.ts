import { type FoldedText } from './folded-text.ts';

export interface TextRange {
  start: number;
  end: number;
}

/**
 * A global, case-insensitive keyword pattern that only matches whole words. A leading \b lets the regex engine skip
 * positions inside words cheaply (a lookbehind there is checked at every position); TextScan.hits then rejects the
 * few matches that follow a non-ASCII letter, and the lookahead closes the word.
 */
export function keywordPattern(alternatives: string): RegExp {
  return new RegExp(`\\b(?:${alternatives})(?![a-z0-9\\u00C0-\\u024F])`, 'gi');
}

const DIGIT_GROUPS = /[0-9]+/g;

/**
 * One message as the detectors see it: the folded text, its digit groups (found once, natively) for cheap
 * pre-checks, and keyword hits computed at most once per pattern, and only when a detector asks.
 */
export class TextScan {
  readonly folded: FoldedText;
  readonly text: string;
  #hits: Map<RegExp, readonly TextRange[]> | undefined;
  #digitGroups: TextRange[] | undefined;
  #digitCount = -1;

  constructor(folded: FoldedText) {
    this.folded = folded;
    this.text = folded.text;
  }

  /** The maximal runs of ASCII digits, in order. */
  get digitGroups(): readonly TextRange[] {
    if (this.#digitGroups === undefined) {
      const groups: TextRange[] = [];
      DIGIT_GROUPS.lastIndex = 0;
      for (let match = DIGIT_GROUPS.exec(this.text); match !== null; match = DIGIT_GROUPS.exec(this.text)) {
        groups.push({ start: match.index, end: match.index + match[0].length });
      }
      this.#digitGroups = groups;
    }
    return this.#digitGroups;
  }

  get digitCount(): number {
    if (this.#digitCount < 0) {
      this.#digitCount = this.digitGroups.reduce((sum, group) => sum + group.end - group.start, 0);
    }
    return this.#digitCount;
  }

  /** Whether some digit group has a length in [min, max]. */
  hasDigitGroup(min: number, max: number): boolean {
    return this.digitGroups.some((group) => group.end - group.start >= min && group.end - group.start <= max);
  }

  /** Every whole-word match of a keyword pattern, cached per pattern. */
  hits(pattern: RegExp): readonly TextRange[] {
    this.#hits ??= new Map();
    const cached = this.#hits.get(pattern);
    if (cached !== undefined) {
      return cached;
    }
    const found: TextRange[] = [];
    pattern.lastIndex = 0;
    for (let match = pattern.exec(this.text); match !== null; match = pattern.exec(this.text)) {
      if (match[0].length === 0 || isWordCharacterAt(this.text, match.index - 1)) {
        pattern.lastIndex = match.index + 1;
        continue;
      }
      found.push({ start: match.index, end: match.index + match[0].length });
    }
    this.#hits.set(pattern, found);
    return found;
  }

  has(pattern: RegExp): boolean {
    return this.hits(pattern).length > 0;
  }

  /**
   * Whether a keyword ends at most `before` units ahead of the range or starts at most `after` units behind it;
   * with `digitFreeGap`, the text between them may hold no digit (so a keyword belongs to the nearest number).
   */
  isNear(pattern: RegExp, range: TextRange, before: number, after: number, digitFreeGap = false): boolean {
    return this.hits(pattern).some((hit) => {
      if (hit.end <= range.start) {
        return range.start - hit.end <= before && (!digitFreeGap || !hasDigit(this.text, hit.end, range.start));
      }
      if (hit.start >= range.end) {
        return hit.start - range.end <= after && (!digitFreeGap || !hasDigit(this.text, range.end, hit.start));
      }
      return false;
    });
  }
}

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function hasDigit(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    if (isAsciiDigit(text.charCodeAt(index))) {
      return true;
    }
  }
  return false;
}

/** Whether the character at index is a letter, mark or digit (false outside the text). */
export function isWordCharacterAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) {
    return false;
  }
  const code = text.charCodeAt(index);
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  }
  return /[\p{L}\p{N}\p{M}]/u.test(text[index] ?? '');
}
