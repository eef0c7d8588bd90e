// Apostrophes are removed rather than split on, so "don't", "don’t" and "dont" read as the same word.
const APOSTROPHES = /['‘’ʼ`´]/g;
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_CHARACTERS = /[\u0080-\u{10ffff}]/gu;
const COMBINING_MARK = /^\p{M}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;

/** The ASCII digit for a decimal digit of another script (Arabic-Indic, Devanagari and the like). */
function asciiDigit(codePoint: number): string {
  // Unicode lays out each script's digits as whole blocks 0-9 in order, some blocks back to back, so the offset into the run gives the value.
  let runStart = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(runStart - 1))) {
    runStart -= 1;
  }
  return String.fromCharCode(0x30 + ((codePoint - runStart) % 10));
}

/** A non-ASCII character as matching reads it: decomposed (NFKD) without accents, digits as ASCII, and anything but a letter or digit as a space. */
function foldCharacter(character: string): string {
  let folded = '';
  for (const part of character.normalize('NFKD')) {
    if (DECIMAL_DIGIT.test(part)) {
      folded += asciiDigit(part.codePointAt(0) ?? 0);
    } else if (LETTER_OR_NUMBER.test(part)) {
      folded += part;
    } else if (!COMBINING_MARK.test(part)) {
      folded += ' ';
    }
  }
  return folded;
}

/**
 * The words of a text for matching, in lower case with accents removed (NFKD), full-width and other compatibility
 * forms folded and digits of any script as ASCII, split on punctuation, emoji and whitespace: "¡Soporte TÉCNICO! 👍"
 * gives ["soporte", "tecnico"].
 */
export function toWords(text: string): string[] {
  let folded = text.replace(APOSTROPHES, '');
  // Most SMS are plain ASCII, which needs none of the Unicode folding, and the rest have only a few other characters.
  if (NON_ASCII.test(folded)) {
    folded = folded.replace(NON_ASCII_CHARACTERS, foldCharacter);
    // Letters of other scripts need the Unicode word class, which is several times slower than the ASCII one.
    if (NON_ASCII.test(folded)) {
      return folded.toLowerCase().match(WORD) ?? [];
    }
  }
  return folded.toLowerCase().match(ASCII_WORD) ?? [];
}

/** The words of a text joined by single spaces: "¡Soporte   TÉCNICO! 👍" becomes "soporte tecnico". */
export function normalizeText(text: string): string {
  return toWords(text).join(' ');
}
