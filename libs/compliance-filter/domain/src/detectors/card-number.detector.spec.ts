import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';

/** Findings as "TYPE text" so a failure shows what was caught. */
function found(text: string): string[] {
  return detectSensitiveData(text).map((finding) => `${finding.type} ${text.slice(finding.start, finding.end)}`);
}

function cards(text: string): string[] {
  return found(text).filter((entry) => entry.startsWith('CREDIT_CARD '));
}

describe('CREDIT_CARD', () => {
  it.each([
    ['my card is 4111 1111 1111 1111 thanks', '4111 1111 1111 1111'],
    ['4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['4111-1111 1111 1111', '4111-1111 1111 1111'],
    ['4111111111111111', '4111111111111111'],
    ['4111.1111.1111.1111', '4111.1111.1111.1111'],
    ['4111/1111/1111/1111', '4111/1111/1111/1111'],
    ['4111_1111_1111_1111', '4111_1111_1111_1111'],
    ['4111|1111|1111|1111', '4111|1111|1111|1111'],
    ['(4111) 1111 1111 1111', '4111) 1111 1111 1111'],
    ['4111\n1111\n1111\n1111', '4111\n1111\n1111\n1111'],
    ['4111\r\n1111\r\n1111\r\n1111', '4111\r\n1111\r\n1111\r\n1111'],
    ['4111  1111  1111  1111', '4111  1111  1111  1111'],
    ['4111 - 1111 - 1111 - 1111', '4111 - 1111 - 1111 - 1111'],
    ['41 1111 1111 111 111', '41 1111 1111 111 111'],
    ['411111 111111 1111', '411111 111111 1111'],
    ['amex 3782 822463 10005', '3782 822463 10005'],
    ['diners 3056 930902 5904', '3056 930902 5904'],
    ['mastercard 2223 0031 2200 3222', '2223 0031 2200 3222'],
    ['mir 2200 0000 0000 0004', '2200 0000 0000 0004'],
    ['visa 13: 4222222222222', '4222222222222'],
    ['visa 19: 4000 0000 0000 0000 006', '4000 0000 0000 0000 006'],
    ['unionpay 6212 3456 7890 1234 569', '6212 3456 7890 1234 569'],
    ['discover 6011 1234 5678 9012 348', '6011 1234 5678 9012 348'],
    ['maestro 5018 0000 0000 7', '5018 0000 0000 7'],
    ['jcb 3530 1113 3330 0000', '3530 1113 3330 0000'],
    ['mc 5555 5555 5555 4444', '5555 5555 5555 4444'],
  ])('finds %j', (text, card) => {
    expect(cards(text)).toEqual([`CREDIT_CARD ${card}`]);
  });

  it('treats well-known test numbers as cards', () => {
    expect(cards('test with 4111 1111 1111 1111 or 4242 4242 4242 4242')).toHaveLength(2);
  });

  it('finds a card with extras typed around it in the same digit run', () => {
    expect(found('4111 1111 1111 1111 123')).toEqual(['CREDIT_CARD 4111 1111 1111 1111', 'CVV 123']);
    expect(cards('qty 3 4111 1111 1111 1111')).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
    expect(cards('paid 45.50 4111111111111111')).toEqual(['CREDIT_CARD 4111111111111111']);
    expect(found('4111 1111 1111 1111 12/27 123')).toEqual(['CREDIT_CARD 4111 1111 1111 1111', 'CARD_EXPIRY 12/27', 'CVV 123']);
    expect(found('call 415 555 0100 4111 1111 1111 1111')).toEqual(['PHONE 415 555 0100', 'CREDIT_CARD 4111 1111 1111 1111']);
    expect(found('1) 4111 1111 1111 1111 12/27 123 94110')).toEqual([
      'CREDIT_CARD 4111 1111 1111 1111',
      'CARD_EXPIRY 12/27',
      'CVV 123',
    ]);
    expect(cards('4111111111111111 94110')).toEqual(['CREDIT_CARD 4111111111111111']);
    expect(found('4111 1111 1111 1111 0127 123')).toEqual(['CREDIT_CARD 4111 1111 1111 1111', 'CARD_EXPIRY 0127', 'CVV 123']);
  });

  it('reads a trailing three-digit group as the end of a 19-digit Maestro, UnionPay or Mir card, not a CVV', () => {
    // Both the 16-digit prefix and the whole 19 digits pass Luhn here; those brands issue 19-digit cards routinely.
    expect(found('maestro 6759 1234 5678 9015 105')).toEqual(['CREDIT_CARD 6759 1234 5678 9015 105']);
    expect(found('6212 3456 7890 1232 100')).toEqual(['CREDIT_CARD 6212 3456 7890 1232 100']);
    expect(found('4556 1234 5678 9015 107')).toEqual(['CREDIT_CARD 4556 1234 5678 9015', 'CVV 107']);
  });

  it('finds two cards in one message', () => {
    expect(cards('4111111111111111 and 5555555555554444')).toEqual(['CREDIT_CARD 4111111111111111', 'CREDIT_CARD 5555555555554444']);
  });

  it.each([
    ['a Luhn failure', '4111 1111 1111 1112'],
    ['an Amazon order number', 'order 112-1234567-1234567'],
    ['a UPS tracking number', 'UPS 1Z999AA10123456784'],
    ['a USPS tracking number in one run', 'USPS 9400111899223397764321'],
    ['a USPS tracking number in groups of four', 'USPS 9400 1118 9922 3397 7643 21'],
    ['a USPS tracking number starting at a Luhn-valid window', 'track 9400 4111 1111 1111 1111 00'],
    ['a FedEx tracking number', 'FedEx 123456789012'],
    ['an IMEI', 'IMEI 356938035643809'],
    ['an IMEI with dashes', 'IMEI 35-209900-176148-1'],
    ['an ICCID', 'SIM 8901 2601 2345 6789 012'],
    ['a millisecond timestamp', 'ts=1712345678901'],
    ['an amount', 'total $4,111.11'],
    ['a date', 'due 12/25/2026'],
    ['a phone number', 'call +1 (415) 555-0100'],
    ['an international phone that passes Luhn', '+49 151 2345 6789'],
    ['a masked card', '**** **** **** 4242'],
    ['a masked card with a BIN', '411111******1111'],
    ['a last-four reference', 'card ending in 4242'],
    ['a 20-digit number grouped in fours', 'gift 1234 4111 1111 1111 1111'],
    ['a card window slid inside one digit run', '94111111111111111'],
  ])('ignores %s', (_case, text) => {
    expect(cards(text)).toEqual([]);
  });

  it('never reports a card inside an IBAN', () => {
    expect(found('BE68 5390 0754 7034')).toEqual(['IBAN BE68 5390 0754 7034']);
  });

  describe('Unicode evasion, with spans in the original string', () => {
    it.each([
      ['full-width digits and ideographic spaces', 'card ４１１１　１１１１　１１１１　１１１１ ok'],
      ['Arabic-Indic digits', 'بطاقة ٤١١١ ١١١١ ١١١١ ١١١١'],
      ['Extended Arabic-Indic digits', '۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱'],
      ['Devanagari digits', '४१११ ११११ ११११ ११११'],
      ['circled digits', '④①①① ①①①① ①①①① ①①①①'],
      ['NBSP, thin and narrow spaces', '4111\u00A01111\u20091111\u202F1111'],
      ['Unicode dashes', '4111\u20101111\u20111111\u20131111'],
      ['a minus sign and a hyphen', '4111\u22121111\u20101111\u22121111'],
      ['zero-width characters inside groups', '41\u200B11\u200C1111\u200D1111\u20601111'],
      ['a BOM and soft hyphens', '4111\uFEFF1111\u00AD1111\u00AD1111'],
      ['keycap digits', '4\uFE0F\u20E31\uFE0F\u20E31\uFE0F\u20E31\uFE0F\u20E3 1111 1111 1111'],
    ])('sees through %s', (_case, text) => {
      const findings = detectSensitiveData(text);
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      // The span starts at the first digit and ends after the last one, whatever they are written with.
      const digitsOnly = /[\p{Nd}\p{No}]/u;
      expect(finding?.type).toBe('CREDIT_CARD');
      expect(digitsOnly.test(text.slice(finding?.start, (finding?.start ?? 0) + 1))).toBe(true);
      expect(text.slice(finding?.end)).not.toMatch(digitsOnly);
      expect(text.slice(0, finding?.start)).not.toMatch(digitsOnly);
    });

    it('reports exact UTF-16 spans after emoji, skin tones and ZWJ sequences', () => {
      const text = '👨‍👩‍👧‍👦👍🏽 pay 4111 1111 1111 1111!';
      const start = text.indexOf('4111');
      expect(detectSensitiveData(text)).toEqual([{ type: 'CREDIT_CARD', start, end: start + 19 }]);
    });

    it('reports exact spans for astral mathematical digits', () => {
      const bold = (digits: string): string => [...digits].map((digit) => String.fromCodePoint(0x1d7ce + Number(digit))).join('');
      const text = `x ${bold('4111')} ${bold('1111')} ${bold('1111')} ${bold('1111')} y`;
      // Each bold digit is two UTF-16 units, so the span is 2 + 16 * 2 + 3 spaces long, starting after "x ".
      expect(detectSensitiveData(text)).toEqual([{ type: 'CREDIT_CARD', start: 2, end: 2 + 32 + 3 }]);
    });

    it('reports the span over invisible characters between the digits', () => {
      const text = 'n: 4111\u200B1111\u200B1111\u200B1111.';
      expect(detectSensitiveData(text)).toEqual([{ type: 'CREDIT_CARD', start: 3, end: 3 + 19 }]);
    });
  });

  it('asks for card wording before reading a short-led 13- or 14-digit run as a card', () => {
    // 422 2222 222222 is a Luhn-valid Visa-13 but written like a phone number.
    expect(cards('call 422 2222 222222')).toEqual([]);
    expect(cards('visa 422 2222 222222')).toEqual(['CREDIT_CARD 422 2222 222222']);
  });
});
