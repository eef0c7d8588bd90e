import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_POLICY, retainUntil, retentionPolicySchema } from './retention-policy.ts';

describe('retentionPolicySchema', () => {
  it('gives a tenant without a policy seven years', () => {
    expect(retentionPolicySchema.parse(undefined)).toEqual({ years: 7 });
    expect(DEFAULT_RETENTION_POLICY).toEqual({ years: 7 });
  });

  it.each([
    [{ days: 1 }],
    [{ years: 100 }],
    [{ years: 2, days: 30 }],
    [{ days: 36_525 }],
  ])('accepts %j', (policy) => {
    expect(retentionPolicySchema.parse(policy)).toEqual(policy);
  });

  it.each([
    ['no length at all', {}, 'retention must be at least one day'],
    ['zero days', { days: 0 }, 'retention must be at least one day'],
    ['more than 100 years', { years: 101 }, 'Too big'],
    ['100 years and a day', { years: 100, days: 1 }, 'retention must be at most 100 years'],
    ['a fraction of a year', { years: 1.5 }, 'expected int'],
    ['negative days', { years: 1, days: -1 }, 'Too small'],
    ['an unknown unit', { months: 6 }, 'Unrecognized key'],
  ])('rejects %s', (_label, policy, message) => {
    const result = retentionPolicySchema.safeParse(policy);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(' | ')).toContain(message);
  });
});

describe('retainUntil', () => {
  it('adds calendar years then days in UTC', () => {
    expect(retainUntil(new Date('2020-05-10T08:00:00.000Z'), { years: 7 }).toISOString()).toBe('2027-05-10T08:00:00.000Z');
    expect(retainUntil(new Date('2020-05-10T08:00:00.000Z'), { years: 1, days: 30 }).toISOString()).toBe('2021-06-09T08:00:00.000Z');
    expect(retainUntil(new Date('2020-05-10T08:00:00.000Z'), { days: 1 }).toISOString()).toBe('2020-05-11T08:00:00.000Z');
  });

  it('moves a 29 February to 1 March in a common year, keeping a day longer rather than shorter', () => {
    expect(retainUntil(new Date('2024-02-29T12:00:00.000Z'), { years: 1 }).toISOString()).toBe('2025-03-01T12:00:00.000Z');
  });
});
