import { describe, expect, it } from 'vitest';
import { cardIssuer, couldStartCard, isCardNumber } from './card-number.ts';

describe('isCardNumber', () => {
  it.each([
    ['visa 16', '4111111111111111'],
    ['visa 13', '4222222222222'],
    ['visa 19', '4111111111111111110'],
    ['mastercard 51-55', '5555555555554444'],
    ['mastercard 2-series', '2223003122003222'],
    ['mir', '2200000000000004'],
    ['amex 34', '343434343434343'],
    ['amex 37', '378282246310005'],
    ['discover 6011', '6011111111111117'],
    ['discover 65', '6500000000000002'],
    ['diners 14', '36227206271667'],
    ['diners 300-305', '30569309025904'],
    ['jcb', '3530111333300000'],
    ['unionpay', '6200000000000005'],
    ['maestro 13', '5018000000007'],
    ['maestro 15', '561234567890120'],
    ['unionpay 19', '6212345678901234569'],
    ['mir 2204', '2204123456789015'],
    ['jcb 3569', '3569123456789012'],
    ['discover 19', '6011123456789012348'],
    ['discover 644 of 17', '64412345678901239'],
    ['diners 301', '30112345678905'],
    ['diners 38 of 16', '3812345678901233'],
    ['mastercard 2720', '2720123456789010'],
    ['visa 19 other', '4000000000000000006'],
    ['maestro 16', '6759649826438453'],
  ])('accepts %s', (_brand, digits) => {
    expect(isCardNumber(digits)).toBe(true);
  });

  it.each([
    ['a Luhn failure', '4111111111111112'],
    ['a Visa of 15 digits', '411111111111116'],
    ['a Mastercard of 15 digits', '555555555555449'],
    ['an Amex of 16 digits', '3434343434343434'],
    ['a millisecond timestamp', '1712345678901'],
    ['an IMEI starting 35', '356938035643809'],
    ['an ICCID starting 89', '8901260123456789012'],
    ['a 13-digit UnionPay', '6200000000006'],
    ['a 22-digit number', '9400111899223397764321'],
    ['a Mastercard 2220 (below the 2-series)', '2220123456789015'],
    ['non-ASCII digits', '４１１１１１１１１１１１１１１１'],
    ['separators', '4111 1111 1111 1111'],
  ])('rejects %s', (_case, digits) => {
    expect(isCardNumber(digits)).toBe(false);
  });

  it('names the issuer by prefix and length', () => {
    expect(cardIssuer('378282246310005')).toBe('amex');
    expect(cardIssuer('6011111111111117')).toBe('discover');
    expect(cardIssuer('6500000000000')).toBeUndefined();
  });

  it('tells whether a first part could still grow into a card', () => {
    expect(couldStartCard('41111111', 4)).toBe(true);
    expect(couldStartCard('3782822463', 4)).toBe(true);
    expect(couldStartCard('378282246310', 4)).toBe(false);
    expect(couldStartCard('12345678', 4)).toBe(false);
  });
});
