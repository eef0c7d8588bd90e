import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';
import { isValidSsn } from './us-ssn.detector.ts';

function ssns(text: string): string[] {
  return detectSensitiveData(text)
    .filter((finding) => finding.type === 'US_SSN')
    .map((finding) => text.slice(finding.start, finding.end));
}

describe('US_SSN', () => {
  it.each([
    ['my ssn is 234-56-7890', '234-56-7890'],
    ['234 56 7890', '234 56 7890'],
    ['234.56.7890', '234.56.7890'],
    ['SSN: 234567890', '234567890'],
    ['social security number 772-12-3456', '772-12-3456'],
    ['mi seguro social es 234567890', '234567890'],
    ['my social is 234567890', '234567890'],
    ['234567890 is my ssn', '234567890'],
    ['part 234-56-7890 of my ssn form', '234-56-7890'],
    ['soc 234 - 56 - 7890', '234 - 56 - 7890'],
    ['234 . 56 . 7890', '234 . 56 . 7890'],
    ['s.s.n. 234567890', '234567890'],
  ])('finds %j', (text, ssn) => {
    expect(ssns(text)).toEqual([ssn]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 9xx (ITIN range)', '912-70-3456'],
    ['group 00', '234-00-4567'],
    ['serial 0000', '234-56-0000'],
    ['all the same digit', '111-11-1111'],
    ['the example sequence', '123-45-6789'],
    ['the Woolworth card', '078-05-1120'],
    ['mixed separators', '234-56.7890'],
    ['a spaced dash and a plain one', '234 - 56-7890'],
    ['bare nine digits without context', 'order 234567890'],
    ['a ZIP+4 written without its dash', 'zip 100011234'],
    ['a part number', 'part no. 234-56-7890'],
    ['a model number', 'model 234-56-7890'],
    ['part of a longer dashed number', '12-234-56-7890'],
    ['a last-four reference', 'last 4 of my ssn 7890'],
    ['a phone number', '234-567-8901'],
  ])('ignores %s', (_case, text) => {
    expect(ssns(text)).toEqual([]);
  });

  it('applies the issuing rules to digit strings', () => {
    expect(isValidSsn('234567890')).toBe(true);
    expect(isValidSsn('734567890')).toBe(true);
    expect(isValidSsn('666567890')).toBe(false);
    expect(isValidSsn('23456789')).toBe(false);
  });
});
