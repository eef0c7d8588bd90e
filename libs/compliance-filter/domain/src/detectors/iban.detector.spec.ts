import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';
import { IBAN_LENGTHS } from './iban.detector.ts';

function found(text: string): string[] {
  return detectSensitiveData(text).map((finding) => `${finding.type} ${text.slice(finding.start, finding.end)}`);
}

describe('IBAN', () => {
  it.each([
    'DE89 3704 0044 0532 0130 00',
    'DE89370400440532013000',
    'GB82 WEST 1234 5698 7654 32',
    'gb82west12345698765432',
    'FR14 2004 1010 0505 0001 3M02 606',
    'ES91 2100 0418 4502 0005 1332',
    'es91 2100 0418 4502 0005 1332',
    'NL91 ABNA 0417 1643 00',
    'BE68 5390 0754 7034',
    'NO93 8601 1117 947',
    'CH93 0076 2011 6238 5295 7',
    'IT60 X054 2811 1010 0000 0123 456',
    'PL61 1090 1014 0000 0712 1981 2874',
    'MT84 MALT 0110 0001 2345 MTLC AST0 01S',
    'SA03 8000 0000 6080 1016 7519',
    'DE89-3704-0044-0532-0130-00',
    'DE89  3704  0044  0532  0130  00',
    'NL91.ABNA.0417.1643.00',
    'DE89 - 3704 - 0044 - 0532 - 0130 - 00',
  ])('finds %s', (iban) => {
    expect(found(`IBAN: ${iban}, thanks`)).toEqual([`IBAN ${iban}`]);
  });

  it.each([
    ['a wrong check digit', 'DE89 3704 0044 0532 0130 01'],
    ['a wrong length', 'DE89 3704 0044 0532 0130 0'],
    ['an unknown country', 'XX89 3704 0044 0532 0130 00'],
    ['letters glued in front', 'ADE89370400440532013000'],
    ['a trailing extra character', 'DE89370400440532013000X'],
    ['three spaces between groups', 'DE89   3704   0044   0532   0130   00'],
  ])('ignores %s', (_case, text) => {
    expect(found(text).filter((entry) => entry.startsWith('IBAN'))).toEqual([]);
  });

  it('knows the registry lengths of the SEPA countries and more', () => {
    expect(Object.keys(IBAN_LENGTHS).length).toBeGreaterThanOrEqual(76);
    expect(IBAN_LENGTHS).toMatchObject({ DE: 22, GB: 22, FR: 27, ES: 24, NL: 18, BE: 16, CH: 21, NO: 15 });
  });
});
