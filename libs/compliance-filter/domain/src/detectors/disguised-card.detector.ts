import { isCardNumber } from '../card-number.ts';
import { type Finding } from '../finding.ts';
import { type DigitRun, findCardRuns, isCardSeparator } from '../text/digit-runs.ts';
import { type TextRange, type TextScan, hasDigit, keywordPattern } from '../text/text-scan.ts';

/** A piece of a number as written: its span in the folded text and the digits it stands for. */
interface NumberPiece extends TextRange {
  digits: string;
  isWord?: boolean;
  isFourGrouped?: boolean;
}

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  cero: '0', uno: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9',
};
const NUMBER_WORDS = keywordPattern(Object.keys(DIGIT_WORDS).join('|'));
const MIN_SPELLED_DIGITS = 13;
const MIN_CARD_DIGITS = 13;
// Letters that pass for digits inside a number: O and o for 0, I and l for 1.
const LOOKALIKE_HINT = /[0-9][OoIl]|[OoIl][0-9]/;
const LOOKALIKE_WORDS = /[0-9OoIl]+/g;
const MAX_WORD_GAP = 24;
// Words that say the next digits carry on the same number ("477621 and then 0732799829").
const CONTINUATION =
  /^[\s,.:;…-]*(?:and then|then|followed by|y luego|luego|y despu[eé]s|despu[eé]s|(?:and )?the rest(?: is)?|el resto(?: es)?|continued|cont)[\s,.:;…-]*$/iu;
const MIN_CONTINUED_PIECE = 4;

function overlapsAny(range: TextRange, others: readonly TextRange[]): boolean {
  return others.some((other) => range.start < other.end && other.start < range.end);
}

function isSeparatorGap(text: string, from: number, to: number, maxLength: number): boolean {
  if (to - from > maxLength) {
    return false;
  }
  for (let index = from; index < to; index += 1) {
    if (!isCardSeparator(text.charCodeAt(index))) {
      return false;
    }
  }
  return true;
}

/**
 * The card among consecutive pieces: the whole sequence when it is one, else the longest card that starts or ends
 * with the sequence (a CVV or a lead-in word beside it), never a window floating in its middle.
 */
function cardInSequence(pieces: readonly NumberPiece[]): TextRange | undefined {
  const last = pieces.length - 1;
  const tryWindow = (from: number, to: number): TextRange | undefined => {
    let digits = '';
    for (let index = from; index <= to && digits.length <= 19; index += 1) {
      digits += pieces[index]?.digits ?? '';
    }
    const first = pieces[from];
    const end = pieces[to];
    return first !== undefined && end !== undefined && isCardNumber(digits) ? { start: first.start, end: end.end } : undefined;
  };
  const whole = tryWindow(0, last);
  if (whole !== undefined) {
    return whole;
  }
  // Windows of at most 19 digits: from the start growing, then from the end growing.
  let count = 0;
  let fromStart: TextRange | undefined;
  for (let to = 0; to < last && count <= 19; to += 1) {
    count += pieces[to]?.digits.length ?? 0;
    fromStart = (count >= 13 ? tryWindow(0, to) : undefined) ?? fromStart;
  }
  if (fromStart !== undefined) {
    return fromStart;
  }
  count = 0;
  let fromEnd: TextRange | undefined;
  for (let from = last; from > 0 && count <= 19; from -= 1) {
    count += pieces[from]?.digits.length ?? 0;
    fromEnd = (count >= 13 ? tryWindow(from, last) : undefined) ?? fromEnd;
  }
  return fromEnd;
}

/** Splits pieces into sequences wherever `isJoined` says two neighbours do not belong to one number. */
function sequences(pieces: readonly NumberPiece[], isJoined: (left: NumberPiece, right: NumberPiece) => boolean): NumberPiece[][] {
  const result: NumberPiece[][] = [];
  let current: NumberPiece[] = [];
  for (const piece of pieces) {
    const previous = current[current.length - 1];
    if (previous !== undefined && !isJoined(previous, piece)) {
      result.push(current);
      current = [];
    }
    current.push(piece);
  }
  if (current.length > 0) {
    result.push(current);
  }
  return result;
}

/** "four one one one one one one one …" and mixes of words and digits, in English and Spanish. */
function spelledCards(scan: TextScan): Finding[] {
  const words = scan.hits(NUMBER_WORDS);
  if (words.length + scan.digitCount < MIN_SPELLED_DIGITS || words.length === 0) {
    return [];
  }
  const text = scan.text;
  const pieces: NumberPiece[] = words.map((word) => ({
    ...word,
    digits: DIGIT_WORDS[text.slice(word.start, word.end).toLowerCase()] ?? '',
    isWord: true,
  }));
  pieces.push(...scan.digitGroups.map((group) => ({ ...group, digits: text.slice(group.start, group.end) })));
  pieces.sort((a, b) => a.start - b.start);
  const findings: Finding[] = [];
  for (const sequence of sequences(pieces, (left, right) => isSeparatorGap(text, left.end, right.start, 4))) {
    const digitCount = sequence.reduce((sum, piece) => sum + piece.digits.length, 0);
    const hasWord = sequence.some((piece) => piece.isWord === true);
    const card = digitCount >= MIN_SPELLED_DIGITS && hasWord ? cardInSequence(sequence) : undefined;
    if (card !== undefined) {
      findings.push({ type: 'CREDIT_CARD', ...card });
    }
  }
  return findings;
}

function isFourDigitGroups(run: DigitRun): boolean {
  return run.groups.every((group) => group.end - group.start === 4);
}

/**
 * "4111 1111 then 1111 1111": runs written in groups of four with a few words between them; runs of any shape
 * when the words say the number continues ("477621 and then 0732799829").
 */
function cardsSplitByWords(scan: TextScan, taken: readonly TextRange[]): Finding[] {
  const text = scan.text;
  const pieces: NumberPiece[] = findCardRuns(text, scan.digitGroups)
    .filter((run) => (isFourDigitGroups(run) || run.digitCount >= MIN_CONTINUED_PIECE) && !overlapsAny(run, taken))
    .map((run) => ({
      start: run.start,
      end: run.end,
      digits: text.slice(run.start, run.end).replace(/\D/g, ''),
      isFourGrouped: isFourDigitGroups(run),
    }));
  const isJoined = (left: NumberPiece, right: NumberPiece): boolean => {
    const gap = text.slice(left.end, right.start);
    const isGrouped = left.isFourGrouped === true && right.isFourGrouped === true;
    return gap.length <= MAX_WORD_GAP && !hasDigit(text, left.end, right.start) && !gap.includes('\n\n') && (isGrouped || CONTINUATION.test(gap));
  };
  const findings: Finding[] = [];
  for (const sequence of sequences(pieces, isJoined)) {
    const card = sequence.length > 1 ? cardInSequence(sequence) : undefined;
    if (card !== undefined) {
      findings.push({ type: 'CREDIT_CARD', ...card });
    }
  }
  return findings;
}

/** Whether the UTF-16 unit at index is a letter or number (false outside the text); ASCII without a regex. */
function isLetterOrNumberAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) {
    return false;
  }
  const code = text.charCodeAt(index);
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  }
  return /[\p{L}\p{N}]/u.test(text[index] ?? '');
}

/**
 * The folded text with O/o read as 0 and I/l as 1 inside words made only of digits and those letters, when the word
 * holds a digit or sits right next to one that does ("4lll l111 …"); same length, so offsets are unchanged.
 */
export function readLookalikeDigits(text: string): string | undefined {
  if (!LOOKALIKE_HINT.test(text)) {
    return undefined;
  }
  const words = [...text.matchAll(LOOKALIKE_WORDS)]
    .filter((match) => !isLetterOrNumberAt(text, match.index - 1) && !isLetterOrNumberAt(text, match.index + match[0].length))
    .map((match) => {
      const end = match.index + match[0].length;
      return { start: match.index, end, hasDigit: hasDigit(text, match.index, end) };
    });
  const chosen = words.map((word) => word.hasDigit);
  // Letters-only words count when a chosen neighbour sits within a card gap, spreading along the number.
  for (let pass = 0; pass < 2; pass += 1) {
    for (let index = 0; index < words.length; index += 1) {
      const word = words[index];
      const previous = words[index - 1];
      const next = words[index + 1];
      if (word === undefined || chosen[index] === true || word.end - word.start < 3) {
        continue;
      }
      const nearPrevious = previous !== undefined && chosen[index - 1] === true && isSeparatorGap(text, previous.end, word.start, 4);
      const nearNext = next !== undefined && chosen[index + 1] === true && isSeparatorGap(text, word.end, next.start, 4);
      chosen[index] = nearPrevious || nearNext;
    }
  }
  let result = '';
  let copied = 0;
  words.forEach((word, index) => {
    if (chosen[index] === true) {
      result += text.slice(copied, word.start) + text.slice(word.start, word.end).replace(/[Oo]/g, '0').replace(/[Il]/g, '1');
      copied = word.end;
    }
  });
  return copied === 0 ? undefined : result + text.slice(copied);
}

/**
 * Cards that evade the plain digit reading: spelled out in words or broken up by a few words. Runs after the plain
 * pass (on the lookalike-digit reading when there is one) and never re-reports what that pass found.
 */
export function detectDisguisedCards(scan: TextScan, taken: readonly TextRange[]): Finding[] {
  const findings: Finding[] = [];
  // Split halves only join into a card when the text holds a card's 13 digits at least.
  const found = scan.digitCount >= MIN_CARD_DIGITS ? cardsSplitByWords(scan, taken) : [];
  // Thirteen digits with at least one spelled out need 16 characters ("one 411111111111"); shorter texts skip the search.
  if (scan.text.length >= 16) {
    found.push(...spelledCards(scan));
  }
  for (const finding of found) {
    if (!overlapsAny(finding, taken) && !overlapsAny(finding, findings)) {
      findings.push(finding);
    }
  }
  return findings;
}
