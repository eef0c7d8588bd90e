import { toWords } from '../text/normalized-text.ts';
import type { MenuNode, MenuOption } from './menu-definition.ts';
import { CHOICE_WORDS, NUMBER_WORDS } from './number-words.ts';

export type MatchedBy = 'digit' | 'number-word' | 'keyword' | 'spelling';

/** A label or keyword as normalised words, and the option it selects. */
interface Phrase {
  option: number;
  words: readonly string[];
}

/** A keyword word long enough to be matched by a near spelling. */
interface SpelledWord {
  word: string;
  /** The word with runs of one letter written once ("billing" → "biling"), since doubling slips are the commonest typo. */
  squeezed: string;
  /** One bit per letter present (hashed), to rule out most words before computing a distance. */
  letters: number;
  maxDistance: number;
}

/** What matching needs from a node, computed once per node object. */
interface CompiledNode {
  /** Option index by its digit. */
  digits: ReadonlyMap<string, number>;
  phrasesByFirstWord: ReadonlyMap<string, readonly Phrase[]>;
  /** Each phrase containing a word, with the word's position in it. */
  phrasesByWord: ReadonlyMap<string, readonly { phrase: Phrase; position: number }[]>;
  spelledWords: readonly SpelledWord[];
  /** Spelled words by length, since a word can only be within two edits of words within two letters of its length. */
  spelledByLength: ReadonlyMap<number, readonly SpelledWord[]>;
  /** Spelled words by their squeezed form, for slips in doubled letters alone. */
  spelledBySqueezed: ReadonlyMap<string, readonly SpelledWord[]>;
}

/** A stretch of the customer's words [start, end) that selects an option; cost counts spelling slips. */
interface Hit {
  start: number;
  end: number;
  option: number;
  by: MatchedBy;
  cost: number;
}

const SHORTEST_SPELLED_WORD = 4;
const LONG_WORD = 8;
const STRENGTH: Record<MatchedBy, number> = { digit: 0, 'number-word': 1, keyword: 2, spelling: 3 };

// Menus are read-only once validated, so a node's compiled form lives exactly as long as the node object.
const compiledNodes = new WeakMap<MenuNode, CompiledNode>();

/**
 * The option a customer's reply picks in a node, by digit ("2", "#2", "option 2", "２"), English or Spanish number
 * word ("two", "dos"), label or keyword anywhere in the reply, or failing those a near spelling of one; undefined
 * when it picks none or could mean more than one.
 */
export function matchOption(node: MenuNode, input: string): { option: MenuOption; matchedBy: MatchedBy } | undefined {
  const words = toWords(input);
  if (words.length === 0) {
    return undefined;
  }
  const compiled = compileNode(node);
  const exact = exactHits(compiled, words);
  // Exact matches beat spelling ones, so a near spelling is only looked for when nothing matched exactly.
  const hits = exact === undefined ? spellingHits(compiled, words) : exact;
  const chosen = hits === undefined || hits === 'conflicting-digits' ? undefined : chooseOption(hits);
  const option = chosen === undefined ? undefined : node.options[chosen.option];
  return option === undefined || chosen === undefined ? undefined : { option, matchedBy: chosen.by };
}

function compileNode(node: MenuNode): CompiledNode {
  const cached = compiledNodes.get(node);
  if (cached !== undefined) {
    return cached;
  }
  const digits = new Map<string, number>();
  const phrases: Phrase[] = [];
  node.options.forEach((option, index) => {
    if (!digits.has(option.key)) {
      digits.set(option.key, index);
    }
    for (const text of [option.label, ...option.keywords]) {
      const words = toWords(text);
      if (words.length > 0) {
        phrases.push({ option: index, words });
      }
    }
  });
  const phrasesByFirstWord = new Map<string, Phrase[]>();
  const phrasesByWord = new Map<string, { phrase: Phrase; position: number }[]>();
  for (const phrase of phrases) {
    const first = phrase.words[0] ?? '';
    phrasesByFirstWord.set(first, [...(phrasesByFirstWord.get(first) ?? []), phrase]);
    phrase.words.forEach((word, position) => {
      phrasesByWord.set(word, [...(phrasesByWord.get(word) ?? []), { phrase, position }]);
    });
  }
  const spelledWords = [...phrasesByWord.keys()]
    .filter((word) => word.length >= SHORTEST_SPELLED_WORD && !/^[0-9]+$/.test(word))
    .map((word) => ({ word, squeezed: squeeze(word), letters: letterBits(word), maxDistance: word.length >= LONG_WORD ? 2 : 1 }));
  const compiled = {
    digits,
    phrasesByFirstWord,
    phrasesByWord,
    spelledWords,
    spelledByLength: groupBy(spelledWords, (spelled) => spelled.word.length),
    spelledBySqueezed: groupBy(spelledWords, (spelled) => spelled.squeezed),
  };
  compiledNodes.set(node, compiled);
  return compiled;
}

/** Hits of digits, number words and whole labels or keywords; undefined when there are none. */
function exactHits(compiled: CompiledNode, words: readonly string[]): Hit[] | 'conflicting-digits' | undefined {
  const hits: Hit[] = [];
  const numberWordHits: Hit[] = [];
  let digitSeen: string | undefined;
  for (let start = 0; start < words.length; start += 1) {
    const word = words[start] ?? '';
    if (word.length === 1 && word >= '0' && word <= '9') {
      if (digitSeen !== undefined && digitSeen !== word) {
        return 'conflicting-digits';
      }
      digitSeen = word;
      const option = compiled.digits.get(word);
      if (option !== undefined) {
        hits.push({ start, end: start + 1, option, by: 'digit', cost: 0 });
      }
    } else {
      const digit = NUMBER_WORDS.get(word);
      const option = digit === undefined ? undefined : compiled.digits.get(digit);
      if (option !== undefined) {
        numberWordHits.push({ start, end: start + 1, option, by: 'number-word', cost: 0 });
      }
    }
    for (const phrase of compiled.phrasesByFirstWord.get(word) ?? []) {
      if (phrase.words.every((phraseWord, offset) => words[start + offset] === phraseWord)) {
        hits.push({ start, end: start + phrase.words.length, option: phrase.option, by: 'keyword', cost: 0 });
      }
    }
  }
  if (numberWordHits.length > 0 && isBareChoice(words, hits)) {
    hits.push(...numberWordHits);
  }
  return hits.length === 0 ? undefined : hits;
}

/** Whether every word is a digit, a number word, a word that goes with a choice, or part of a label or keyword found. */
function isBareChoice(words: readonly string[], hits: readonly Hit[]): boolean {
  return words.every(
    (word, index) =>
      NUMBER_WORDS.has(word) || CHOICE_WORDS.has(word) || /^[0-9]$/.test(word) || hits.some((hit) => hit.start <= index && index < hit.end),
  );
}

/** Hits of labels and keywords where some words are near spellings of theirs. */
function spellingHits(compiled: CompiledNode, words: readonly string[]): Hit[] | undefined {
  const hits: Hit[] = [];
  words.forEach((word, index) => {
    if (word.length < SHORTEST_SPELLED_WORD || compiled.phrasesByWord.has(word)) {
      return;
    }
    for (const [candidate, cost] of nearSpellings(compiled, word)) {
      for (const { phrase, position } of compiled.phrasesByWord.get(candidate.word) ?? []) {
        const hit = spelledPhraseAt(compiled, words, phrase, index - position, index, cost);
        if (hit !== undefined) {
          hits.push(hit);
        }
      }
    }
  });
  return hits.length === 0 ? undefined : hits;
}

/** The keyword words a customer's word is a near spelling of, with the slips each takes. */
function nearSpellings(compiled: CompiledNode, word: string): Map<SpelledWord, number> {
  const found = new Map<SpelledWord, number>();
  const bits = letterBits(word);
  for (let length = word.length - 2; length <= word.length + 2; length += 1) {
    for (const candidate of compiled.spelledByLength.get(length) ?? []) {
      const limit = candidate.maxDistance;
      if (Math.abs(length - word.length) > limit || popCount(candidate.letters ^ bits) > 2 * limit) {
        continue;
      }
      for (let distance = 1; distance <= limit; distance += 1) {
        if (isWithinEdits(word, 0, candidate.word, 0, distance)) {
          found.set(candidate, distance);
          break;
        }
      }
    }
  }
  for (const candidate of compiled.spelledBySqueezed.get(squeeze(word)) ?? []) {
    if (!found.has(candidate)) {
      found.set(candidate, 1);
    }
  }
  return found;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** The phrase laid over the words from `start`, each word exact or a near spelling; the one at `known` costs `knownCost`. */
function spelledPhraseAt(compiled: CompiledNode, words: readonly string[], phrase: Phrase, start: number, known: number, knownCost: number): Hit | undefined {
  if (start < 0 || start + phrase.words.length > words.length) {
    return undefined;
  }
  let cost = 0;
  for (let offset = 0; offset < phrase.words.length; offset += 1) {
    const expected = phrase.words[offset] ?? '';
    const actual = words[start + offset] ?? '';
    if (start + offset === known) {
      cost += knownCost;
    } else if (actual !== expected) {
      const slip = spellingCost(compiled, actual, expected);
      if (slip === undefined) {
        return undefined;
      }
      cost += slip;
    }
  }
  return { start, end: start + phrase.words.length, option: phrase.option, by: 'spelling', cost };
}

function spellingCost(compiled: CompiledNode, actual: string, expected: string): number | undefined {
  const candidate = compiled.spelledWords.find((spelled) => spelled.word === expected);
  if (candidate === undefined || actual.length < SHORTEST_SPELLED_WORD) {
    return undefined;
  }
  const limit = candidate.maxDistance;
  for (let distance = 1; distance <= limit; distance += 1) {
    if (isWithinEdits(actual, 0, expected, 0, distance)) {
      return distance;
    }
  }
  // Words that differ only in doubled letters ("bilingg", "billing") count as one slip.
  return squeeze(actual) === candidate.squeezed ? 1 : undefined;
}

/**
 * The one option the hits point to and its strongest hit, where a hit inside a longer hit for another option gives
 * way to it ("lost card" beats "card"), the fewest spelling slips win and a tie is ambiguous.
 */
function chooseOption(hits: readonly Hit[]): { option: number; by: MatchedBy } | undefined {
  const standing = hits.filter(
    (hit) => !hits.some((other) => other.option !== hit.option && other.start <= hit.start && other.end >= hit.end && other.end - other.start > hit.end - hit.start),
  );
  const cheapest = Math.min(...standing.map((hit) => hit.cost));
  const best = standing.filter((hit) => hit.cost === cheapest);
  const option = best[0]?.option;
  if (option === undefined || best.some((hit) => hit.option !== option)) {
    return undefined;
  }
  const by = best.reduce<MatchedBy>((strongest, hit) => (STRENGTH[hit.by] < STRENGTH[strongest] ? hit.by : strongest), 'spelling');
  return { option, by };
}

/** The word with each run of one letter written once; most words have none and come back as they are. */
function squeeze(word: string): string {
  let index = 1;
  while (index < word.length && word.charCodeAt(index) !== word.charCodeAt(index - 1)) {
    index += 1;
  }
  if (index >= word.length) {
    return word;
  }
  let squeezed = word.slice(0, index);
  for (; index < word.length; index += 1) {
    if (word.charCodeAt(index) !== word.charCodeAt(index - 1)) {
      squeezed += word.charAt(index);
    }
  }
  return squeezed;
}

/** A 32-bit set of the word's letters; an edit changes at most two bits, so many differing bits rule a word out. */
function letterBits(word: string): number {
  let bits = 0;
  for (let index = 0; index < word.length; index += 1) {
    bits |= 1 << (word.charCodeAt(index) & 31);
  }
  return bits;
}

function popCount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Whether a[i..] and b[j..] are within `edits` Damerau–Levenshtein edits (optimal string alignment), trying each
 * edit at the first difference, which for one or two edits is a few linear scans and no table to allocate.
 */
function isWithinEdits(a: string, i: number, b: string, j: number, edits: number): boolean {
  while (i < a.length && j < b.length && a.charCodeAt(i) === b.charCodeAt(j)) {
    i += 1;
    j += 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  if (restA === 0 || restB === 0) {
    return restA + restB <= edits;
  }
  if (edits === 0 || Math.abs(restA - restB) > edits) {
    return false;
  }
  const swapped = restA > 1 && restB > 1 && a.charCodeAt(i) === b.charCodeAt(j + 1) && a.charCodeAt(i + 1) === b.charCodeAt(j);
  return (
    (swapped && isWithinEdits(a, i + 2, b, j + 2, edits - 1)) ||
    isWithinEdits(a, i + 1, b, j + 1, edits - 1) ||
    isWithinEdits(a, i + 1, b, j, edits - 1) ||
    isWithinEdits(a, i, b, j + 1, edits - 1)
  );
}
