import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';

function found(text: string): string[] {
  return detectSensitiveData(text).map((finding) => `${finding.type} ${text.slice(finding.start, finding.end)}`);
}

describe('CVV', () => {
  it.each([
    ['cvv 123', '123'],
    ['CVV: 1234', '1234'],
    ['cvv2 is 321', '321'],
    ['the CVC is 987', '987'],
    ['cid 4321', '4321'],
    ['security code: 555', '555'],
    ['código de seguridad 456', '456'],
    ['el codigo de seguridad es 789', '789'],
    ['the 3 digit code on the back is 321', '321'],
    ['numbers on the back 246', '246'],
    ['123 is my cvv', '123'],
    ['4321 (cid)', '4321'],
    ['visa security code 4821', '4821'],
  ])('finds the code in %j', (text, code) => {
    expect(found(text)).toEqual([`CVV ${code}`]);
  });

  it('takes a code typed right after a card number', () => {
    expect(found('4111111111111111 123')).toEqual(['CREDIT_CARD 4111111111111111', 'CVV 123']);
    expect(found('4111111111111111, 12/27, 123')).toEqual(['CREDIT_CARD 4111111111111111', 'CARD_EXPIRY 12/27', 'CVV 123']);
    expect(found('4111111111111111 123 12/27')).toEqual(['CREDIT_CARD 4111111111111111', 'CVV 123', 'CARD_EXPIRY 12/27']);
    expect(found('amex 378282246310005 1234')).toEqual(['CREDIT_CARD 378282246310005', 'CVV 1234']);
    expect(found('tarjeta 4111 1111 1111 1111, vence 03/27, código 123')).toEqual([
      'CREDIT_CARD 4111 1111 1111 1111',
      'CARD_EXPIRY 03/27',
      'CVV 123',
    ]);
    expect(found('4111111111111111 and the code is 321')).toEqual(['CREDIT_CARD 4111111111111111', 'CVV 321']);
  });

  it('takes details behind one word after a card, glued or not', () => {
    expect(found('4111 1111 1111 1111 exp 08/29 377')).toEqual(['CREDIT_CARD 4111 1111 1111 1111', 'CARD_EXPIRY 08/29', 'CVV 377']);
    expect(found('card#4111111111111111exp12/27cvv123')).toEqual(['CREDIT_CARD 4111111111111111', 'CARD_EXPIRY 12/27', 'CVV 123']);
    expect(found('карта 2200 0000 0000 0004 срок 08/27')).toEqual(['CREDIT_CARD 2200 0000 0000 0004', 'CARD_EXPIRY 08/27']);
  });

  it('ignores a number that only follows a card behind a word that is not a card detail', () => {
    expect(found('4111 1111 1111 1111 apt 123')).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
    expect(found('4111 1111 1111 1111 for 12/27 stay')).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
    expect(found('4111 1111 1111 1111 paid on 11/26')).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
  });

  it.each([
    ['a street number', '123 Main St'],
    ['a code with no card or keyword', 'your code is 123'],
    ['a plain code with only card wording', 'card code 123'],
    ['a number after a card with words between', '4111111111111111 and I live at 123 Main St'],
    ['a longer number after the keyword', 'cvv? my zip is 94110'],
    ['a keyword with no number', 'what is the cvv?'],
    ['a date after the keyword', 'cvv 12/27'],
    ['an unrelated "3 digits" phrase', 'the last 3 digits are 456'],
    ['a one-time security code', 'Your security code is 4821. Do not share it.'],
    ['a four-digit security code with no card talk', 'security code 4821'],
    ['the year of an expiry before the keyword', 'exp 12/2027 cvv'],
    ['a street number before the keyword', '1234 Main St, cvv?'],
    ['the first group of a longer number', 'the number on the back is 7001 2251 0047 0012'],
    ['the first half of an eight-digit number', 'security code on the back is 1234 5678 for the gift card'],
  ])('ignores %s', (_case, text) => {
    expect(found(text).filter((entry) => entry.startsWith('CVV'))).toEqual([]);
  });
});

describe('CARD_EXPIRY', () => {
  it.each([
    ['exp 3/27', '3/27'],
    ['exp 03/27', '03/27'],
    ['exp: 03/2027', '03/2027'],
    ['expires 03-27', '03-27'],
    ['expiry 03.27', '03.27'],
    ['expiration date 0327', '0327'],
    ['exp date is 03 / 27', '03 / 27'],
    ['valid thru 12/26', '12/26'],
    ['vence 03/2027', '03/2027'],
    ['fecha de vencimiento: 11/28', '11/28'],
    ['caducidad 0529', '0529'],
    ['cad 05/29', '05/29'],
    ['my card expired 03/25', '03/25'],
    ['la tarjeta venció 01/26', '01/26'],
  ])('finds the date in %j', (text, date) => {
    expect(found(text)).toEqual([`CARD_EXPIRY ${date}`]);
  });

  it('takes a date typed right after a card number', () => {
    expect(found('4111 1111 1111 1111 03/27')).toEqual(['CREDIT_CARD 4111 1111 1111 1111', 'CARD_EXPIRY 03/27']);
    expect(found('4111 1111 1111 1111 0327')).toEqual(['CREDIT_CARD 4111 1111 1111 1111', 'CARD_EXPIRY 0327']);
  });

  it('keeps a coupon date when the message also talks about a card', () => {
    expect(found('use your visa, coupon exp 08/31')).toEqual(['CARD_EXPIRY 08/31']);
  });

  it("leaves another thing's date alone even when a card is in the message", () => {
    expect(found('my license expires 04/27 and my card 4111111111111111 exp 09/28')).toEqual([
      'CREDIT_CARD 4111111111111111',
      'CARD_EXPIRY 09/28',
    ]);
  });

  it.each([
    ['a return date', 'return by 12/25'],
    ['a coupon date', 'Coupon SAVE20 exp 08/31'],
    ['a promotion end date', 'oferta vence 12/31'],
    ['a time', 'exp 12:30'],
    ['a full date', 'exp 12/25/2026'],
    ['a month out of range', 'exp 13/27'],
    ['a date with no card context', 'see you 03/27'],
    ['a time as four digits', 'call me at 1230'],
    ['a driver license date', 'my license exp 04/27 is that ok'],
    ['a membership date', 'your membership expires 04/27'],
  ])('ignores %s', (_case, text) => {
    expect(found(text).filter((entry) => entry.startsWith('CARD_EXPIRY'))).toEqual([]);
  });
});
