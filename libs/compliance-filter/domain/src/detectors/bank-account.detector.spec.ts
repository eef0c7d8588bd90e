import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';
import { isRoutingNumber } from './bank-account.detector.ts';

function found(text: string): string[] {
  return detectSensitiveData(text).map((finding) => `${finding.type} ${text.slice(finding.start, finding.end)}`);
}

describe('BANK_ACCOUNT and ROUTING_NUMBER', () => {
  it.each([
    ['account number 12345678', ['BANK_ACCOUNT 12345678']],
    ['acct# 000123456789', ['BANK_ACCOUNT 000123456789']],
    ['acct: 1234-5678-90', ['BANK_ACCOUNT 1234-5678-90']],
    ['my checking account is 987654321012', ['BANK_ACCOUNT 987654321012']],
    ['savings # 55512345', ['BANK_ACCOUNT 55512345']],
    ['a/c 12345678901', ['BANK_ACCOUNT 12345678901']],
    ['número de cuenta: 0123456789', ['BANK_ACCOUNT 0123456789']],
    ['cuenta 0123456789', ['BANK_ACCOUNT 0123456789']],
    ['12345678 (checking)', ['BANK_ACCOUNT 12345678']],
    ['routing 021000021', ['ROUTING_NUMBER 021000021']],
    ['ABA: 011000015', ['ROUTING_NUMBER 011000015']],
    ['RTN 021000021', ['ROUTING_NUMBER 021000021']],
    ['número de ruta 021000021', ['ROUTING_NUMBER 021000021']],
    ['021000021 is the routing number', ['ROUTING_NUMBER 021000021']],
    ['acct 12345678 routing 021000021', ['BANK_ACCOUNT 12345678', 'ROUTING_NUMBER 021000021']],
    ['account 123456789012 / 021000021', ['BANK_ACCOUNT 123456789012', 'ROUTING_NUMBER 021000021']],
    ['direct deposit to my bank: 021000021', ['ROUTING_NUMBER 021000021']],
    ['account number 021000021 routing 011000015', ['BANK_ACCOUNT 021000021', 'ROUTING_NUMBER 011000015']],
    ['routing and account: 021000021 12345678', ['ROUTING_NUMBER 021000021', 'BANK_ACCOUNT 12345678']],
    ['account & routing: 12345678, 021000021', ['BANK_ACCOUNT 12345678', 'ROUTING_NUMBER 021000021']],
    ['acct 281-507-2752', ['BANK_ACCOUNT 281-507-2752']],
    ['my acct number for paypal, is it 12345678?', ['BANK_ACCOUNT 12345678']],
    ['the savings one is 12345678', ['BANK_ACCOUNT 12345678']],
    ['12345678 is the account', ['BANK_ACCOUNT 12345678']],
    ['routing 0210-0002-1', ['ROUTING_NUMBER 0210-0002-1']],
    ['rtn # 021 000 021', ['ROUTING_NUMBER 021 000 021']],
    ['021000021 12345678 routing then account', ['ROUTING_NUMBER 021000021', 'BANK_ACCOUNT 12345678']],
    ['RTN021000021ACCT12345678', ['ROUTING_NUMBER 021000021', 'BANK_ACCOUNT 12345678']],
  ])('finds %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['a bare nine-digit ZIP+4', 'ship to 100011234'],
    ['an ABA-valid number with no context', 'ref 021000021'],
    ['a routing keyword with a failing checksum', 'routing 123456789'],
    ['a routing keyword with a bad prefix', 'routing 400000008'],
    ['an account keyword with a short number', 'acct 12345'],
    ['checking as a verb', 'checking on order 12345678'],
    ['an amount', 'account balance $1234567'],
    ['a decimal amount', 'account: 123456.78'],
    ['an order number after an account aside', 'account for order 12345678'],
    ['a reference number that the account wording follows', 'order 12345678 is the account order'],
    ['a grouped routing shape with no routing word', 'ref 021 000 021'],
    ['digits glued to other letters', 'SKU12345678ACCT'],
  ])('ignores %s', (_case, text) => {
    expect(found(text).filter((entry) => /^(BANK_ACCOUNT|ROUTING_NUMBER) /.test(entry))).toEqual([]);
  });

  it('never reports a card, an IBAN or a phone as an account', () => {
    expect(found('my account 4111111111111111')).toEqual(['CREDIT_CARD 4111111111111111']);
    expect(found('account DE89 3704 0044 0532 0130 00')).toEqual(['IBAN DE89 3704 0044 0532 0130 00']);
    expect(found('account phone (415) 555-0100')).toEqual(['PHONE (415) 555-0100']);
    expect(found('account phone 415-555-0100')).toEqual(['PHONE 415-555-0100']);
  });

  it('checks ABA numbers', () => {
    expect(isRoutingNumber('021000021')).toBe(true);
    expect(isRoutingNumber('100011234')).toBe(false);
    expect(isRoutingNumber('02100002')).toBe(false);
  });
});
