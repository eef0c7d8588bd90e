/**
 * A cheap pre-check for keyword patterns. Every match of a keyword pattern holds a run of ASCII letters that is a
 * whole letter run of the text too (its lead word: the first one in the match, bounded by a non-letter or by the
 * pattern's word boundaries), and the patterns only use literals, classes, groups and `?`, so their lead words form a
 * small finite set. TextScan hashes each letter run of a message once; a pattern none of whose lead words occurs
 * cannot match, so its regex never runs.
 */

// Lead-word hashes index a table of family bits; 8192 slots keep collisions (a needless regex run at worst) rare.
const TABLE_BITS = 13;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const FAMILY_TABLE = new Uint32Array(1 << TABLE_BITS);
// More expansions than this mean a pattern is no keyword list; such a pattern always runs.
const MAX_EXPANSION = 20_000;
let nextFamily = 0;

/** The hash of a letter run, folded to lower case, grown one letter code at a time (the scan does the same inline). */
export function extendRunHash(hash: number, lowerCode: number): number {
  return (Math.imul(hash, 31) + lowerCode) | 0;
}

/** The families that have a lead word with this run hash (a superset: hash collisions only add families). */
export function familiesOfRun(hash: number): number {
  return FAMILY_TABLE[slotOf(hash)] ?? 0;
}

function slotOf(hash: number): number {
  return (hash ^ (hash >>> TABLE_BITS)) & TABLE_MASK;
}

function hashOf(word: string): number {
  let hash = 0;
  for (let index = 0; index < word.length; index += 1) {
    hash = index === 0 ? word.charCodeAt(0) : extendRunHash(hash, word.charCodeAt(index));
  }
  return hash;
}

class Unsupported extends Error {}

/** Reads the pattern source as alternations, groups, classes, escaped punctuation and `?`, nothing else. */
class Expander {
  readonly #source: string;
  #index = 0;

  constructor(source: string) {
    this.#source = source;
  }

  all(): string[] {
    const strings = this.#alternation();
    if (this.#index !== this.#source.length) {
      throw new Unsupported();
    }
    return strings;
  }

  #alternation(): string[] {
    const strings = this.#sequence();
    while (this.#source[this.#index] === '|') {
      this.#index += 1;
      strings.push(...this.#sequence());
    }
    return strings;
  }

  #sequence(): string[] {
    let strings = [''];
    while (!this.#atSequenceEnd()) {
      let atom = this.#atom();
      if (this.#source[this.#index] === '?') {
        this.#index += 1;
        atom = ['', ...atom];
      }
      strings = strings.flatMap((head) => atom.map((tail) => head + tail));
      if (strings.length > MAX_EXPANSION) {
        throw new Unsupported();
      }
    }
    return strings;
  }

  #atSequenceEnd(): boolean {
    const next = this.#source[this.#index];
    return next === undefined || next === '|' || next === ')';
  }

  #atom(): string[] {
    const source = this.#source;
    const character = source[this.#index] ?? '';
    this.#index += 1;
    if (character === '(') {
      if (!source.startsWith('?:', this.#index)) {
        throw new Unsupported();
      }
      this.#index += 2;
      const inner = this.#alternation();
      if (source[this.#index] !== ')') {
        throw new Unsupported();
      }
      this.#index += 1;
      return inner;
    }
    if (character === '[') {
      return this.#characterClass();
    }
    if (character === '\\') {
      return [this.#escaped()];
    }
    if ('*+{}?^$.'.includes(character)) {
      throw new Unsupported();
    }
    return [character];
  }

  #escaped(): string {
    const character = this.#source[this.#index] ?? '';
    this.#index += 1;
    // Escaped letters and digits are classes or assertions (\d, \b, \u…), which a literal list cannot stand for.
    if (character === '' || /[\p{L}\p{N}]/u.test(character)) {
      throw new Unsupported();
    }
    return character;
  }

  #characterClass(): string[] {
    const members: string[] = [];
    if (this.#source[this.#index] === '^') {
      throw new Unsupported();
    }
    for (let character = this.#source[this.#index]; character !== ']'; character = this.#source[this.#index]) {
      if (character === undefined) {
        throw new Unsupported();
      }
      this.#index += 1;
      const member = character === '\\' ? this.#escaped() : character;
      if (this.#source[this.#index] === '-' && this.#source[this.#index + 1] !== ']') {
        throw new Unsupported();
      }
      members.push(member);
    }
    this.#index += 1;
    return members;
  }
}

/** The first maximal run of ASCII letters in a (case-folded) match, or undefined when it has none. */
function leadWordOf(match: string): string | undefined {
  return /[a-z]+/i.exec(match)?.[0].toLowerCase();
}

/** Every lead word a keyword pattern's alternatives can produce, or undefined when they cannot be listed. */
export function leadWordsOf(alternatives: string): Set<string> | undefined {
  let strings: string[];
  try {
    strings = new Expander(alternatives).all();
  } catch (error) {
    if (error instanceof Unsupported) {
      return undefined;
    }
    throw error;
  }
  const words = new Set<string>();
  for (const match of strings) {
    const word = leadWordOf(match);
    if (word === undefined) {
      return undefined;
    }
    words.add(word);
  }
  return words;
}

/**
 * Registers a keyword pattern's lead words and returns its family bit, or 0 when the pattern cannot be indexed
 * (unsupported syntax, a match without letters, or more than 31 patterns): such a pattern always runs.
 */
export function registerLeadWords(alternatives: string): number {
  const words = leadWordsOf(alternatives);
  // Bit 31 stays unused so family masks remain positive small integers.
  if (words === undefined || nextFamily >= 31) {
    return 0;
  }
  const family = 1 << nextFamily;
  nextFamily += 1;
  for (const word of words) {
    const slot = slotOf(hashOf(word));
    FAMILY_TABLE[slot] = (FAMILY_TABLE[slot] ?? 0) | family;
  }
  return family;
}
