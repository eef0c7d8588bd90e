/** Words customers type for an option's digit, English and Spanish, normalised (no accents, lower case). */
export const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['zero', '0'],
  ['one', '1'],
  ['two', '2'],
  ['three', '3'],
  ['four', '4'],
  ['five', '5'],
  ['six', '6'],
  ['seven', '7'],
  ['eight', '8'],
  ['nine', '9'],
  ['cero', '0'],
  ['uno', '1'],
  ['dos', '2'],
  ['tres', '3'],
  ['cuatro', '4'],
  ['cinco', '5'],
  ['seis', '6'],
  ['siete', '7'],
  ['ocho', '8'],
  ['nueve', '9'],
]);

/** The number words that stand for a digit, in the order listed above. */
export function numberWordsFor(digit: string): string[] {
  return [...NUMBER_WORDS].filter(([, value]) => value === digit).map(([word]) => word);
}

/**
 * Words that go with a choice without saying anything else ("option two please", "la opción dos"), since a number
 * word counts only in a reply made of these and the "one" in "I have one question about billing" must pick nothing.
 */
export const CHOICE_WORDS: ReadonlySet<string> = new Set([
  'option',
  'number',
  'no',
  'nr',
  'num',
  'press',
  'choose',
  'pick',
  'select',
  'i',
  'id',
  'im',
  'want',
  'need',
  'like',
  'would',
  'the',
  'a',
  'is',
  'its',
  'it',
  'please',
  'pls',
  'plz',
  'thanks',
  'thank',
  'you',
  'ok',
  'okay',
  'hi',
  'hello',
  'opcion',
  'numero',
  'elijo',
  'escojo',
  'quiero',
  'la',
  'el',
  'es',
  'por',
  'favor',
  'porfa',
  'gracias',
  'hola',
]);
