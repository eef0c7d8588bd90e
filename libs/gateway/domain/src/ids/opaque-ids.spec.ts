import { opaqueIdSchema } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { newId, numberIdFor, threadIdFor } from './opaque-ids.ts';

describe('opaque ids', () => {
  it('gives one thread per tenant, business number and customer, revealing none of them', () => {
    const thread = threadIdFor('k'.repeat(32), 'ten_1', '+14155550100', '+447700900001');
    expect(thread).toBe(threadIdFor('k'.repeat(32), 'ten_1', '+14155550100', '+447700900001'));
    expect(thread).not.toBe(threadIdFor('k'.repeat(32), 'ten_2', '+14155550100', '+447700900001'));
    expect(thread).not.toBe(threadIdFor('other-secret'.repeat(3), 'ten_1', '+14155550100', '+447700900001'));
    expect(thread).not.toMatch(/4155550100|7700900001/);
    expect(opaqueIdSchema.safeParse(thread).success).toBe(true);
  });

  it('makes ids that fit the envelope', () => {
    expect(opaqueIdSchema.safeParse(newId('msg')).success).toBe(true);
    expect(opaqueIdSchema.safeParse(numberIdFor('k'.repeat(32), '+14155550100')).success).toBe(true);
  });

  it('never repeats a fresh id, across the blocks its random bytes are drawn in', () => {
    const ids = Array.from({ length: 2_000 }, () => newId('msg'));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^msg_[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
  });
});
