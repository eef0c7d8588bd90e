import { type FoldedText, foldText, foldsAt, mayNeedFolding, unfoldedText } from './folded-text.ts';
import { extendRunHash, familiesOfRun, registerLeadWords } from './lead-words.ts';

export interface TextRange {
  start: number;
  end: number;
}

/** A keyword regex and the family bit of its lead words (0 when it could not be indexed and always runs). */
export interface KeywordPattern {
  readonly regex: RegExp;
  readonly family: number;
}

const KEYWORD_PATTERNS: KeywordPattern[] = [];

/**
 * A global, case-insensitive keyword pattern that only matches whole words. A leading \b lets the regex engine skip
 * positions inside words cheaply (a lookbehind there is checked at every position); TextScan.hits then rejects the
 * few matches that follow a non-ASCII letter, and the lookahead closes the word. TextScan does not run the regex at all
 * on a message where none of the pattern's lead words occurs (lead-words.ts).
 */
export function keywordPattern(alternatives: string): KeywordPattern {
  const pattern = {
    regex: new RegExp(`\\b(?:${alternatives})(?![a-z0-9\\u00C0-\\u024F])`, 'gi'),
    family: registerLeadWords(alternatives),
  };
  KEYWORD_PATTERNS.push(pattern);
  return pattern;
}

/** Every keyword pattern made so far, so the specs can hold each pre-check to its regex. */
export function keywordPatterns(): readonly KeywordPattern[] {
  return KEYWORD_PATTERNS;
}

const NO_HITS: readonly TextRange[] = Object.freeze([]);
// Group lengths are kept as bits of one integer; this bit stands for every length from it on.
const LONG_GROUP_BIT = 30;

function isLookalikeLetter(code: number): boolean {
  return code === 0x4f || code === 0x6f || code === 0x49 || code === 0x6c;
}

interface TextSummary {
  digitCount: number;
  /** Bit n set when some digit group has n digits (bit LONG_GROUP_BIT: that many or more). */
  groupLengths: number;
  /** The keyword families whose lead words occur as letter runs. */
  families: number;
  hasLookalikeHint: boolean;
  /** Whether some character folds, so the text as given is not the folded text. */
  needsFolding: boolean;
}

function isSurrogatePair(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

/** The single pass over a message: its digit groups into `groups`, its letter runs into keyword families. */
function readText(text: string, groups: TextRange[]): TextSummary {
  const length = text.length;
  let digitCount = 0;
  let groupLengths = 0;
  let families = 0;
  let hasLookalikeHint = false;
  let needsFolding = false;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (isAsciiLetter(code)) {
      let hash = code | 0x20;
      for (index += 1; index < length; index += 1) {
        const next = text.charCodeAt(index);
        if (!isAsciiLetter(next)) {
          break;
        }
        hash = extendRunHash(hash, next | 0x20);
      }
      families |= familiesOfRun(hash);
    } else if (code >= 0x30 && code <= 0x39) {
      const start = index;
      for (index += 1; index < length && isAsciiDigit(text.charCodeAt(index)); index += 1) {
        // Only digits: the group grows.
      }
      groups.push({ start, end: index });
      digitCount += index - start;
      groupLengths |= 1 << Math.min(index - start, LONG_GROUP_BIT);
      const before = start > 0 ? text.charCodeAt(start - 1) : 0;
      const after = index < length ? text.charCodeAt(index) : 0;
      hasLookalikeHint ||= isLookalikeLetter(before) || isLookalikeLetter(after);
    } else if (code >= 0x80 && !needsFolding && mayNeedFolding(code)) {
      // Checked one code point at a time as foldText reads them, so an emoji costs no second pass over the text.
      needsFolding = foldsAt(text, index);
      index += isSurrogatePair(text, index) ? 2 : 1;
    } else {
      index += 1;
    }
  }
  return { digitCount, groupLengths, families, hasLookalikeHint, needsFolding };
}

/**
 * One message as the detectors see it: the folded text, its digit groups and the keyword families whose lead words
 * occur, all found in one pass, and keyword hits computed at most once per pattern, and only when a detector asks.
 */
export class TextScan {
  readonly folded: FoldedText;
  readonly text: string;
  /** The maximal runs of ASCII digits, in order. */
  readonly digitGroups: readonly TextRange[];
  readonly digitCount: number;
  /** Whether a digit stands next to an O, o, I or l, so a lookalike reading may differ from the text. */
  readonly hasLookalikeHint: boolean;
  readonly #families: number;
  readonly #groupLengths: number;
  readonly #needsFolding: boolean;
  #hits: Map<RegExp, readonly TextRange[]> | undefined;

  constructor(folded: FoldedText) {
    this.folded = folded;
    this.text = folded.text;
    const groups: TextRange[] = [];
    this.digitGroups = groups;
    const summary = readText(folded.text, groups);
    this.digitCount = summary.digitCount;
    this.hasLookalikeHint = summary.hasLookalikeHint;
    this.#families = summary.families;
    this.#groupLengths = summary.groupLengths;
    this.#needsFolding = summary.needsFolding;
  }

  /** The scan of a message's folded text; the usual message needs no folding and is read only once. */
  static of(text: string): TextScan {
    const scan = new TextScan(unfoldedText(text));
    return scan.#needsFolding ? new TextScan(foldText(text)) : scan;
  }

  /** Whether some digit group has a length in [min, max]. */
  hasDigitGroup(min: number, max: number): boolean {
    if (max >= LONG_GROUP_BIT) {
      return this.digitGroups.some((group) => group.end - group.start >= min && group.end - group.start <= max);
    }
    const wanted = ((1 << (max + 1)) - 1) & ~((1 << min) - 1);
    return (this.#groupLengths & wanted) !== 0;
  }

  /** Every whole-word match of a keyword pattern, cached per pattern; none without running it when no lead word occurs. */
  hits(pattern: KeywordPattern): readonly TextRange[] {
    if (pattern.family !== 0 && (this.#families & pattern.family) === 0) {
      return NO_HITS;
    }
    const regex = pattern.regex;
    this.#hits ??= new Map();
    const cached = this.#hits.get(regex);
    if (cached !== undefined) {
      return cached;
    }
    const found: TextRange[] = [];
    regex.lastIndex = 0;
    for (let match = regex.exec(this.text); match !== null; match = regex.exec(this.text)) {
      if (match[0].length === 0 || isWordCharacterAt(this.text, match.index - 1)) {
        regex.lastIndex = match.index + 1;
        continue;
      }
      found.push({ start: match.index, end: match.index + match[0].length });
    }
    this.#hits.set(regex, found);
    return found;
  }

  has(pattern: KeywordPattern): boolean {
    return this.hits(pattern).length > 0;
  }

  /**
   * Whether a keyword ends at most `before` units ahead of the range or starts at most `after` units behind it;
   * with `digitFreeGap`, the text between them may hold no digit (so a keyword belongs to the nearest number).
   */
  isNear(pattern: KeywordPattern, range: TextRange, before: number, after: number, digitFreeGap = false): boolean {
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

/** How many digits groups [from, to) hold. */
export function digitsIn(groups: readonly TextRange[], from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index += 1) {
    const group = groups[index];
    count += group === undefined ? 0 : group.end - group.start;
  }
  return count;
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
