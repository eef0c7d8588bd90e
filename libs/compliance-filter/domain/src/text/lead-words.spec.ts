import { describe, expect, it } from 'vitest';
import { leadWordsOf } from './lead-words.ts';

const sorted = (words: Set<string> | undefined) => (words === undefined ? undefined : [...words].sort());

describe('leadWordsOf', () => {
  it('lists the first letter run of every match, lower-cased', () => {
    expect(sorted(leadWordsOf('cards?|Visa|master ?card'))).toEqual(['card', 'cards', 'master', 'mastercard', 'visa']);
  });

  it('stops a lead word at any non-ASCII letter, digit or punctuation inside the match', () => {
    expect(sorted(leadWordsOf('c[oó]d(?:igo|\\.)?'))).toEqual(['c', 'cod', 'codigo']);
    expect(sorted(leadWordsOf('a/c|acc ?#|s\\.s\\.n'))).toEqual(['a', 'acc', 's']);
  });

  it('skips what comes before the first letter', () => {
    expect(sorted(leadWordsOf('(?:3|4)[ -]?digit code'))).toEqual(['digit']);
  });

  it.each(['a+', 'a*', 'a{2}', '\\d{3}', '\\bpin', '[a-z]', '[^x]y', '(?=a)b', '(a)', 'a.b', '^a', 'a$', '(?:a', 'a)'])(
    'refuses syntax a word list cannot stand for: %s',
    (source) => {
      expect(leadWordsOf(source)).toBeUndefined();
    },
  );

  it('refuses a pattern with a match that holds no letter', () => {
    expect(leadWordsOf('pin|#')).toBeUndefined();
    expect(leadWordsOf('ss ?#|3')).toBeUndefined();
  });
});
