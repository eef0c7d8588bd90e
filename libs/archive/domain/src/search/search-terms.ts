/** Longest word a search may hold; no real word is longer, and PostgreSQL would not index a much longer one. */
export const MAX_SEARCH_TERM_LENGTH = 64;

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * The words of a free-text search, for PostgreSQL `plainto_tsquery` (every term required, no operators):
 * NFKC-normalized, lower-cased, split on anything that is not a letter, mark or digit, de-duplicated in order.
 * Quotes, operators and SQL punctuation therefore never reach the database as anything but separators.
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const [word] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    terms.add(word);
  }
  return [...terms];
}
