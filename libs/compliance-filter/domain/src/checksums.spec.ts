import { describe, expect, it } from 'vitest';
import { passesAbaChecksum, passesIbanMod97, passesLuhn } from './checksums.ts';

describe('checksums', () => {
  it('computes Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('79927398713')).toBe(true);
  });

  it('computes the IBAN mod-97 check on upper-case compact IBANs', () => {
    expect(passesIbanMod97('DE89370400440532013000')).toBe(true);
    expect(passesIbanMod97('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanMod97('DE89370400440532013001')).toBe(false);
    expect(passesIbanMod97('DE89 3704')).toBe(false);
  });

  it('computes the ABA 3-7-1 checksum', () => {
    expect(passesAbaChecksum('021000021')).toBe(true);
    expect(passesAbaChecksum('011000015')).toBe(true);
    expect(passesAbaChecksum('021000022')).toBe(false);
    expect(passesAbaChecksum('02100002')).toBe(false);
  });
});
