import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';
import { readLookalikeDigits } from './disguised-card.detector.ts';

function cards(text: string): string[] {
  return detectSensitiveData(text)
    .filter((finding) => finding.type === 'CREDIT_CARD')
    .map((finding) => text.slice(finding.start, finding.end));
}

describe('disguised card numbers', () => {
  it.each([
    ['split by words', 'my card is 4111 1111 then 1111 1111', '4111 1111 then 1111 1111'],
    ['split into four pieces', 'card 4111 and 1111 and 1111 and 1111', '4111 and 1111 and 1111 and 1111'],
    ['spelled out in English', 'four one one one one one one one one one one one one one one one', 'four one one one one one one one one one one one one one one one'],
    ['spelled out in Spanish', 'cuatro uno uno uno, uno uno uno uno, uno uno uno uno, uno uno uno uno', 'cuatro uno uno uno, uno uno uno uno, uno uno uno uno, uno uno uno uno'],
    ['words mixed with digits', 'four one one one 1111 1111 1111', 'four one one one 1111 1111 1111'],
    ['spelled out with a spelled CVV after it', 'four one one one one one one one one one one one one one one one one two three', 'four one one one one one one one one one one one one one one one'],
    ['lower-case L for 1', '4lll llll llll llll', '4lll llll llll llll'],
    ['one look-alike group', '4111 l111 1111 1111', '4111 l111 1111 1111'],
    ['capital O for 0', '5555 5555 5555 4444 and 4OOO OOOO OOOO OOO2', '4OOO OOOO OOOO OOO2'],
    ['in uneven halves that the words say continue', '411111 and then 1111111111', '411111 and then 1111111111'],
    ['in uneven halves in Spanish', '411111 y luego 1111111111', '411111 y luego 1111111111'],
  ])('finds a card %s', (_case, text, card) => {
    expect(cards(text)).toContain(card);
  });

  it.each([
    ['counting in words', 'one two three four five six seven eight nine ten eleven twelve thirteen'],
    ['interjections', 'oh oh oh oh oh oh oh oh oh oh oh oh oh oh oh oh'],
    ['years between words', 'I have 2024 plans and 2025 plans and 2026 plans'],
    ['two Luhn-failing halves', 'codes 1234 5678 and 9012 3456'],
    ['words with look-alike letters and no digit neighbour', 'lol lol lol lol'],
    ['uneven numbers with other words between', 'ref 411111 for order 1111111111'],
  ])('ignores %s', (_case, text) => {
    expect(cards(text)).toEqual([]);
  });

  it('reads look-alike letters only inside digit words', () => {
    expect(readLookalikeDigits('4lll llll, Ollie 1O0 times lol')).toBe('4111 1111, Ollie 100 times lol');
    expect(readLookalikeDigits('hello world')).toBeUndefined();
  });
});
