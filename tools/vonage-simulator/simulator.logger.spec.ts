import { describe, expect, it } from 'vitest';
import { createSimulatorLogger, maskPhoneNumber, maskPhoneNumbersDeep } from './simulator.logger.ts';

describe('phone number masking', () => {
  it('keeps the last four digits', () => {
    expect(maskPhoneNumber('447700900123')).toBe('********0123');
    expect(maskPhoneNumber('+15551234567')).toBe('*******4567');
  });

  it('masks numbers inside strings and nested objects, but not UUIDs or URLs ports', () => {
    const masked = maskPhoneNumbersDeep({
      to: '447700900123',
      nested: { text: 'call +15551234567 now', list: ['447700900001'] },
      uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-012345678901',
      url: 'http://127.0.0.1:3000/webhooks',
      count: 447700900123,
    });

    expect(masked).toEqual({
      to: '********0123',
      nested: { text: 'call *******4567 now', list: ['********0001'] },
      uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-012345678901',
      url: 'http://127.0.0.1:3000/webhooks',
      count: 447700900123,
    });
  });
});

describe('createSimulatorLogger', () => {
  it('writes level, time and message with phone numbers masked', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createSimulatorLogger((line) => lines.push(line), () => new Date('2025-02-03T12:14:25.000Z'));

    logger.info('message accepted', { to: '447700900123', segments: 2 });

    expect(lines).toEqual([{ level: 'info', time: '2025-02-03T12:14:25.000Z', message: 'message accepted', to: '********0123', segments: 2 }]);
  });

  it('is silent without a sink', () => {
    expect(() => createSimulatorLogger(undefined).error('nothing', {})).not.toThrow();
  });
});
