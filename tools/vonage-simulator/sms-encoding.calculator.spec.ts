import { describe, expect, it } from 'vitest';
import { analyzeSms } from './sms-encoding.calculator.ts';

// The counting rules themselves are tested in @parley/sms-domain; this checks Vonage's vocabulary over them.
describe('analyzeSms in Vonage terms', () => {
  it('calls GSM-7 text and UCS-2 unicode, as encoding_type does', () => {
    expect(analyzeSms('a'.repeat(161))).toEqual({ encoding: 'text', units: 161, segments: 2 });
    expect(analyzeSms('Hello ç')).toEqual({ encoding: 'unicode', units: 7, segments: 1 });
    expect(analyzeSms('Ç¤$').encoding).toBe('text');
  });

  it('honours a forced encoding', () => {
    expect(analyzeSms('Hello', 'unicode')).toEqual({ encoding: 'unicode', units: 5, segments: 1 });
    expect(analyzeSms('ш'.repeat(100), 'text')).toEqual({ encoding: 'text', units: 100, segments: 1 });
  });
});
