import { describe, expect, it } from 'vitest';
import { encodeCsvCell, encodeCsvLine } from './csv-encoding.ts';

describe('encodeCsvCell', () => {
  it.each([
    ['plain text stays bare', 'hello', 'hello'],
    ['null is an empty field', null, ''],
    ['a number is written as is', 42, '42'],
    ['a comma is quoted', 'a,b', '"a,b"'],
    ['a quote is doubled inside quotes', 'say "hi"', '"say ""hi"""'],
    ['a line feed is quoted', 'line1\nline2', '"line1\nline2"'],
    ['a CRLF is quoted', 'line1\r\nline2', '"line1\r\nline2"'],
    ['an empty string stays empty', '', ''],
    ['a formula is guarded', '=HYPERLINK("http://evil","x")', '"\'=HYPERLINK(""http://evil"",""x"")"'],
    ['a leading plus is guarded', '+14155550100', "'+14155550100"],
    ['a leading minus is guarded', '-2+3', "'-2+3"],
    ['a leading at-sign is guarded', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab is guarded', '\t=1', "'\t=1"],
    ['a leading carriage return is guarded and quoted', '\r=1', '"\'\r=1"'],
    ['a formula character later in the text is left alone', 'total = 5', 'total = 5'],
    ['a guarded cell with a comma is guarded then quoted', '=1,2', '"\'=1,2"'],
  ])('%s', (_label, value, expected) => {
    expect(encodeCsvCell(value)).toBe(expected);
  });
});

describe('encodeCsvLine', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(encodeCsvLine(['a', null, 3, 'x,y'])).toBe('a,,3,"x,y"\r\n');
  });
});
