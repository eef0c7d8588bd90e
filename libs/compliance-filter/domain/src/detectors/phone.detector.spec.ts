import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';

function phones(text: string): string[] {
  return detectSensitiveData(text)
    .filter((finding) => finding.type === 'PHONE')
    .map((finding) => text.slice(finding.start, finding.end));
}

describe('PHONE', () => {
  it.each([
    ['call (415) 555-0100', '(415) 555-0100'],
    ['415-555-0100', '415-555-0100'],
    ['415.555.0100', '415.555.0100'],
    ['415 555 0100', '415 555 0100'],
    ['text 4155550100', '4155550100'],
    ['+1 415 555 0100', '+1 415 555 0100'],
    ['+1 (415) 555-0100', '+1 (415) 555-0100'],
    ['+14155550100', '+14155550100'],
    ['1-800-555-0199', '1-800-555-0199'],
    ['+44 7700 900123', '+44 7700 900123'],
    ['0044 7700 900123', '0044 7700 900123'],
    ['07700 900123', '07700 900123'],
    ['020 7946 0958', '020 7946 0958'],
    ['+34 612 345 678', '+34 612 345 678'],
    ['612 345 678', '612 345 678'],
    ['91 123 45 67', '91 123 45 67'],
    ['llámame al 612345678', '612345678'],
    ['+52 1 55 1234 5678', '+52 1 55 1234 5678'],
    ['+52 (55) 1234-5678', '+52 (55) 1234-5678'],
    ['55 1234 5678', '55 1234 5678'],
    ['044 55 1234 5678', '044 55 1234 5678'],
    ['01 800 123 4567', '01 800 123 4567'],
    ['01 23 45 67 89', '01 23 45 67 89'],
    ['call me at 555-0100', '555-0100'],
    ['qty 3 415-555-0100', '415-555-0100'],
  ])('finds %j', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
  });

  it('finds two phones in one message', () => {
    expect(phones('call 415-555-0100 or 415-555-0199')).toEqual(['415-555-0100', '415-555-0199']);
  });

  it.each([
    ['an Amazon order number', 'order 112-1234567-1234567'],
    ['an order number of phone length', 'order #4155550100'],
    ['a reference number', 'ref 4155550100'],
    ['an amount', 'total $1,249.99'],
    ['a price with thousands', '$4155550100'],
    ['a date', 'on 2026-07-15'],
    ['a US date', 'on 07/15/2026'],
    ['a time', 'at 10:30'],
    ['a ZIP+4', 'ZIP 10001-1234'],
    ['an SSN', '234-56-7890'],
    ['a card number', '4111 1111 1111 1111'],
    ['an area code starting with 1', '123-456-7890'],
    ['a bare nine-digit number', 'ticket 612345678'],
    ['a seven-digit number without phone wording', 'room 555-0100'],
    ['an IP address', '192.168.100.200'],
    ['digits inside an invalid IBAN', 'DE89 3704 0044 0532 0130 01'],
    ['a number glued to a word', 'ID4155550100'],
  ])('ignores %s', (_case, text) => {
    expect(phones(text)).toEqual([]);
  });
});
