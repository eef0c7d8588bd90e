/**
 * The text every detector reads: each digit form as an ASCII digit, unusual spaces and dashes as their ASCII
 * counterparts, full-width ASCII as ASCII, and invisible characters removed, with a map back to the original
 * UTF-16 offsets so a span found here redacts exactly the original characters.
 */
export interface FoldedText {
  readonly text: string;
  /** Original offset where folded unit i starts; undefined when the fold changed nothing (identity). */
  readonly starts: Int32Array | undefined;
  /** Original offset just after folded unit i. */
  readonly ends: Int32Array | undefined;
}

// The first code point (digit zero) of each block of ten decimal digits in Unicode 16 (general category Nd).
const DECIMAL_ZEROS = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
  0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
  0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x10d40, 0x11066, 0x110f0, 0x11136, 0x111d0,
  0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x116d0, 0x116da, 0x11730, 0x118e0, 0x11950, 0x11bf0, 0x11c50,
  0x11d50, 0x11da0, 0x11de0, 0x11f50, 0x16130, 0x16a60, 0x16ac0, 0x16b50, 0x16d70, 0x1ccf0, 0x1d7ce, 0x1d7d8,
  0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e5f1, 0x1e950, 0x1fbf0,
];

// Digits in other number categories (superscripts, circled, parenthesized, dingbats): [first code point, its value, count].
const OTHER_DIGIT_RANGES: ReadonlyArray<readonly [number, number, number]> = [
  [0x00b2, 2, 2],
  [0x00b9, 1, 1],
  [0x2070, 0, 1],
  [0x2074, 4, 6],
  [0x2080, 0, 10],
  [0x2460, 1, 9],
  [0x2474, 1, 9],
  [0x2488, 1, 9],
  [0x24ea, 0, 1],
  [0x24f5, 1, 9],
  [0x24ff, 0, 1],
  [0x2776, 1, 9],
  [0x2780, 1, 9],
  [0x278a, 1, 9],
  [0x1f100, 0, 1],
  [0x1f101, 0, 10],
];

const DASHES = new Set([
  0x058a, 0x1806, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2043, 0x2212, 0x2e3a, 0x2e3b, 0xfe58, 0xfe63,
]);
const SLASHES = new Set([0x2044, 0x2215, 0x29f8]);
const LINE_BREAKS = new Set([0x85, 0x2028, 0x2029]);
const SPACES = new Set([0xa0, 0x1680, 0x202f, 0x205f, 0x3000]);
const FORMAT_CHARACTER = /^\p{Cf}$/u;
// Grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and variation selectors, the keycap mark.
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x034f, 0x034f],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x20e3, 0x20e3],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xffa0, 0xffa0],
  [0xe0100, 0xe01ef],
];

/** Characters that render as nothing: format characters (Cf), joiners, selectors and fillers. */
function isInvisible(codePoint: number): boolean {
  return (
    INVISIBLE_RANGES.some(([low, high]) => codePoint >= low && codePoint <= high) ||
    FORMAT_CHARACTER.test(String.fromCodePoint(codePoint))
  );
}

/** The decimal value of a digit in any script or form, or -1. */
export function digitValue(codePoint: number): number {
  if (codePoint >= 0x30 && codePoint <= 0x39) {
    return codePoint - 0x30;
  }
  if (codePoint < 0xb2) {
    return -1;
  }
  let low = 0;
  let high = DECIMAL_ZEROS.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const zero = DECIMAL_ZEROS[middle] ?? 0;
    if (codePoint < zero) {
      high = middle - 1;
    } else if (codePoint >= zero + 10) {
      low = middle + 1;
    } else {
      return codePoint - zero;
    }
  }
  for (const [first, value, count] of OTHER_DIGIT_RANGES) {
    if (codePoint >= first && codePoint < first + count) {
      return value + codePoint - first;
    }
  }
  return -1;
}

/** The ASCII replacement for a non-ASCII code point: a string, '' to drop it, or undefined to keep it. */
function foldCodePoint(codePoint: number): string | undefined {
  const digit = digitValue(codePoint);
  if (digit >= 0) {
    return String.fromCharCode(0x30 + digit);
  }
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) {
    return String.fromCharCode(codePoint - 0xfee0);
  }
  if (SPACES.has(codePoint) || (codePoint >= 0x2000 && codePoint <= 0x200a)) {
    return ' ';
  }
  if (LINE_BREAKS.has(codePoint)) {
    return '\n';
  }
  if (DASHES.has(codePoint)) {
    return '-';
  }
  if (SLASHES.has(codePoint)) {
    return '/';
  }
  if (codePoint === 0xad || (codePoint >= 0x300 && isInvisible(codePoint))) {
    return '';
  }
  return undefined;
}

// The same few non-Latin characters recur (emoji, curly quotes, other scripts' letters); each is classified once.
const FOLD_CACHE = new Map<number, string | null>();
const MAX_CACHED_CODE_POINTS = 4096;

/** foldCodePoint through a bounded cache, which is cleared when full. */
function cachedFold(codePoint: number): string | undefined {
  let replacement = FOLD_CACHE.get(codePoint);
  if (replacement === undefined) {
    replacement = foldCodePoint(codePoint) ?? null;
    if (FOLD_CACHE.size >= MAX_CACHED_CODE_POINTS) {
      FOLD_CACHE.clear();
    }
    FOLD_CACHE.set(codePoint, replacement);
  }
  return replacement ?? undefined;
}

// The Latin-1 characters that fold (NEL, NBSP, soft hyphen, superscripts) and everything beyond the Latin letter blocks.
const MAY_NEED_FOLDING = /[\u0085\u00a0\u00ad\u00b2\u00b3\u00b9\u0250-\uffff]/;

/** Whether a UTF-16 code unit may fold; ASCII and Latin letters (other than those Latin-1 characters) never change. */
export function mayNeedFolding(unit: number): boolean {
  return unit >= 0x250 || unit === 0x85 || unit === 0xa0 || unit === 0xad || unit === 0xb2 || unit === 0xb3 || unit === 0xb9;
}

/** Whether the code point starting at index folds to something else; foldText changes a text only where one does. */
export function foldsAt(text: string, index: number): boolean {
  return cachedFold(text.codePointAt(index) ?? 0) !== undefined;
}

/** A text as its own fold, for one known to need no folding. */
export function unfoldedText(text: string): FoldedText {
  return { text, starts: undefined, ends: undefined };
}

/** Folds the text; one that needs no change (most SMS) comes back as itself with no offset arrays allocated. */
export function foldText(text: string): FoldedText {
  if (!MAY_NEED_FOLDING.test(text)) {
    return unfoldedText(text);
  }
  const length = text.length;
  let starts: Int32Array | undefined;
  let ends: Int32Array | undefined;
  const parts: string[] = [];
  let out = 0;
  let copyFrom = 0;
  let index = 0;
  while (index < length) {
    const unit = text.charCodeAt(index);
    if (!mayNeedFolding(unit)) {
      index += 1;
      continue;
    }
    const codePoint = text.codePointAt(index) ?? unit;
    const width = codePoint > 0xffff ? 2 : 1;
    const replacement = cachedFold(codePoint);
    if (replacement !== undefined) {
      starts ??= new Int32Array(length);
      ends ??= new Int32Array(length);
      // Copies the unchanged stretch before this character in one slice, mapping each unit to itself.
      if (index > copyFrom) {
        parts.push(text.slice(copyFrom, index));
        for (let unchanged = copyFrom; unchanged < index; unchanged += 1) {
          starts[out] = unchanged;
          ends[out] = unchanged + 1;
          out += 1;
        }
      }
      if (replacement !== '') {
        parts.push(replacement);
        starts[out] = index;
        ends[out] = index + width;
        out += 1;
      }
      copyFrom = index + width;
    }
    index += width;
  }
  if (starts === undefined || ends === undefined) {
    return unfoldedText(text);
  }
  parts.push(text.slice(copyFrom));
  for (let unchanged = copyFrom; unchanged < length; unchanged += 1) {
    starts[out] = unchanged;
    ends[out] = unchanged + 1;
    out += 1;
  }
  return { text: parts.join(''), starts, ends };
}

/** The original span of folded units [start, end). */
export function toOriginalSpan(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  if (folded.starts === undefined || folded.ends === undefined) {
    return { start, end };
  }
  return { start: folded.starts[start] ?? 0, end: folded.ends[end - 1] ?? 0 };
}
