import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, maskPhoneNumbersDeep, maskPhoneNumbersIn } from './phone-masking.ts';

describe('phone masking', () => {
  it('keeps the country hint and last four digits', () => {
    expect(maskPhoneNumber('+14155550100')).toBe('+1******0100');
    expect(maskPhoneNumber('447700900123')).toBe('********0123');
  });

  it('masks numbers inside free text and leaves other figures alone', () => {
    expect(maskPhoneNumbersIn('from +14155550100 to 447700900123 at 2026-11-29 10:00, order 12345')).toBe(
      'from +1******0100 to ********0123 at 2026-11-29 10:00, order 12345',
    );
  });

  it('does not touch ids that merely contain digits', () => {
    expect(maskPhoneNumbersIn('conv-01234567890123 tenant_99999999999')).toBe('conv-01234567890123 tenant_99999999999');
  });

  it('masks nested records and errors', () => {
    const masked = maskPhoneNumbersDeep({ to: '+14155550100', nested: [{ from: '14155550100' }], error: new Error('no route to +14155550100') });
    expect(masked).toMatchObject({
      to: '+1******0100',
      nested: [{ from: '*******0100' }],
      error: { type: 'Error', message: 'no route to +1******0100' },
    });
  });
});
