import { describe, expect, it } from 'vitest';
import { type Finding, resolveOverlaps } from './finding.ts';

describe('resolveOverlaps', () => {
  it('keeps the more severe of two overlapping findings', () => {
    const findings: Finding[] = [
      { type: 'PHONE', start: 0, end: 10 },
      { type: 'CREDIT_CARD', start: 2, end: 18 },
      { type: 'EMAIL', start: 30, end: 40 },
    ];
    expect(resolveOverlaps(findings)).toEqual([
      { type: 'CREDIT_CARD', start: 2, end: 18 },
      { type: 'EMAIL', start: 30, end: 40 },
    ]);
  });

  it('follows the severity order', () => {
    const at = (type: Finding['type']): Finding => ({ type, start: 0, end: 5 });
    expect(resolveOverlaps([at('PHONE'), at('EMAIL')])).toEqual([at('EMAIL')]);
    expect(resolveOverlaps([at('EMAIL'), at('PASSWORD')])).toEqual([at('PASSWORD')]);
    expect(resolveOverlaps([at('PASSWORD'), at('CARD_EXPIRY')])).toEqual([at('CARD_EXPIRY')]);
    expect(resolveOverlaps([at('CARD_EXPIRY'), at('CVV')])).toEqual([at('CVV')]);
    expect(resolveOverlaps([at('CVV'), at('BANK_ACCOUNT')])).toEqual([at('BANK_ACCOUNT')]);
    expect(resolveOverlaps([at('BANK_ACCOUNT'), at('ROUTING_NUMBER')])).toEqual([at('ROUTING_NUMBER')]);
    expect(resolveOverlaps([at('ROUTING_NUMBER'), at('US_SSN')])).toEqual([at('US_SSN')]);
    expect(resolveOverlaps([at('US_SSN'), at('IBAN')])).toEqual([at('IBAN')]);
    expect(resolveOverlaps([at('IBAN'), at('CREDIT_CARD')])).toEqual([at('CREDIT_CARD')]);
  });

  it('prefers the longer span between findings of the same type', () => {
    expect(
      resolveOverlaps([
        { type: 'PHONE', start: 0, end: 8 },
        { type: 'PHONE', start: 4, end: 20 },
      ]),
    ).toEqual([{ type: 'PHONE', start: 4, end: 20 }]);
  });

  it('keeps touching spans and sorts by start', () => {
    expect(
      resolveOverlaps([
        { type: 'CVV', start: 10, end: 13 },
        { type: 'CARD_EXPIRY', start: 5, end: 10 },
      ]),
    ).toEqual([
      { type: 'CARD_EXPIRY', start: 5, end: 10 },
      { type: 'CVV', start: 10, end: 13 },
    ]);
  });
});
