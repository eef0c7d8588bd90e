import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from './index.ts';

function found(text: string): string[] {
  return detectSensitiveData(text).map((finding) => `${finding.type} ${text.slice(finding.start, finding.end)}`);
}

describe('detectSensitiveData', () => {
  it('finds every type in one message, sorted and without overlaps', () => {
    const text =
      'card 4111 1111 1111 1111 exp 12/27 cvv 123, ssn 234-56-7890, IBAN DE89 3704 0044 0532 0130 00, ' +
      'acct 12345678 routing 021000021, pw: hunter2, mail bob@example.com, call (415) 555-0100';
    expect(found(text)).toEqual([
      'CREDIT_CARD 4111 1111 1111 1111',
      'CARD_EXPIRY 12/27',
      'CVV 123',
      'US_SSN 234-56-7890',
      'IBAN DE89 3704 0044 0532 0130 00',
      'BANK_ACCOUNT 12345678',
      'ROUTING_NUMBER 021000021',
      'PASSWORD hunter2',
      'EMAIL bob@example.com',
      'PHONE (415) 555-0100',
    ]);
    const findings = detectSensitiveData(text);
    for (let index = 1; index < findings.length; index += 1) {
      expect(findings[index]?.start).toBeGreaterThanOrEqual(findings[index - 1]?.end ?? 0);
    }
  });

  it('resolves a card that is also a password value in favour of the card', () => {
    expect(found('pin 4111111111111111')).toEqual(['CREDIT_CARD 4111111111111111']);
    expect(found('password: 4111111111111111')).toEqual(['CREDIT_CARD 4111111111111111']);
  });

  it('resolves a password that is an email in favour of the password', () => {
    expect(found('password: bob@example.com')).toEqual(['PASSWORD bob@example.com']);
  });

  it('reports only the requested types, as if filtered after full detection', () => {
    const text = 'card 4111 1111 1111 1111, call (415) 555-0100, pw: hunter2';
    expect(detectSensitiveData(text, { types: ['PHONE'] }).map((finding) => finding.type)).toEqual(['PHONE']);
    expect(detectSensitiveData(text, { types: [] })).toEqual([]);
    expect(detectSensitiveData('4111 1111 1111 1111', { types: ['PHONE'] })).toEqual([]);
  });

  describe('bad inputs', () => {
    it('returns nothing for an empty or plain text', () => {
      expect(detectSensitiveData('')).toEqual([]);
      expect(detectSensitiveData('hi, when does the store open tomorrow?')).toEqual([]);
    });

    it('survives lone surrogates and control characters', () => {
      const text = '\uD800\u0000\u0007 4111 1111 1111 1111 \uDC00\u001B[0m';
      expect(found(text)).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
      expect(detectSensitiveData('\uD83D')).toEqual([]);
      expect(detectSensitiveData('\uDE00\uD83D 1')).toEqual([]);
    });

    it('keeps UTF-16 offsets right after emoji with skin tones and ZWJ sequences', () => {
      const text = '👩🏽‍💻🏳️‍🌈 ssn 234-56-7890 🙏🏿 bob@example.com';
      const findings = detectSensitiveData(text);
      expect(findings).toEqual([
        { type: 'US_SSN', start: text.indexOf('234'), end: text.indexOf('234') + 11 },
        { type: 'EMAIL', start: text.indexOf('bob'), end: text.length },
      ]);
    });

    // Backtracking blow-ups would run into the test timeout; speed itself is measured by `npm run bench -- compliance`.
    it('handles long texts that would expose backtracking', () => {
      const filler = 'the quick brown fox jumps over the lazy dog 12 34 pin? ';
      const text = `${filler.repeat(400)} 4111 1111 1111 1111 ${'7'.repeat(3000)} ${'1 '.repeat(3000)}`;
      const findings = detectSensitiveData(text);
      expect(findings.filter((finding) => finding.type === 'CREDIT_CARD')).toHaveLength(1);
    });

    it('returns well-formed spans for random mixes of digits, separators, letters and Unicode', () => {
      const alphabet = [...'0123456789 -./()+@:#$abcxyzOl\n', '٤', '４', '\u200B', '\u00A0', '😀', '\u{1D7D2}', '\uD800', 'ñ', 'cvv ', 'exp ', 'pin ', 'card '];
      let seed = 20260701;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      for (let round = 0; round < 2000; round += 1) {
        const length = Math.floor(random() * 80);
        let text = '';
        for (let index = 0; index < length; index += 1) {
          text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
        }
        const findings = detectSensitiveData(text);
        let previousEnd = 0;
        for (const finding of findings) {
          expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
          expect(finding.end).toBeGreaterThan(finding.start);
          expect(finding.end).toBeLessThanOrEqual(text.length);
          previousEnd = finding.end;
        }
      }
    });

    it('handles pathological repetitions quickly', () => {
      const inputs = [
        '1-'.repeat(10000),
        '@'.repeat(10000),
        'a@'.repeat(5000),
        'password '.repeat(2000),
        'DE89'.repeat(3000),
        '\u200B'.repeat(10000),
        '٤'.repeat(10000),
        '(1) '.repeat(3000),
        'cvv exp '.repeat(2000),
      ];
      for (const input of inputs) {
        detectSensitiveData(input);
      }
    });
  });
});
