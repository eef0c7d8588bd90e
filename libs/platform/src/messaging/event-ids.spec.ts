import { describe, expect, it } from 'vitest';
import { deriveEventId } from './event-ids.ts';

describe('deriveEventId', () => {
  it('is stable for the same cause and purpose and differs otherwise', () => {
    const source = '5f1c3a52-9d0e-4a34-8c0e-2b8f3f1d9a10';
    expect(deriveEventId(source, 'forward')).toBe(deriveEventId(source, 'forward'));
    expect(deriveEventId(source, 'forward')).not.toBe(deriveEventId(source, 'reply'));
    expect(deriveEventId(source, 'forward')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
