import { describe, expect, it } from 'vitest';
import { legalHoldSchema, type LegalHold } from './legal-hold.ts';
import { purgeDecision, type PurgeCandidate } from './purge-decision.ts';

const CONVERSATION: PurgeCandidate = {
  tenantId: 'tenant-0001',
  conversationId: 'conv-000001',
  customerNumber: '+14155550100',
  lastActivityAt: '2018-01-15T09:00:00Z',
};
const POLICY = { years: 7 };
const AFTER_RETENTION = new Date('2025-06-01T00:00:00.000Z');

function hold(scope: Record<string, string>, overrides: Record<string, string> = {}): LegalHold {
  return legalHoldSchema.parse({
    holdId: 'hold-00001',
    tenantId: 'tenant-0001',
    placedBy: 'user-counsel1',
    reason: 'Matter 2025-17: preserve all records',
    placedAt: '2024-01-01T00:00:00Z',
    ...scope,
    ...overrides,
  });
}

describe('purgeDecision', () => {
  it('allows a purge once retention has elapsed and nothing holds the conversation', () => {
    expect(purgeDecision(CONVERSATION, POLICY, [], AFTER_RETENTION)).toEqual({
      purgeable: true,
      tenantId: 'tenant-0001',
      conversationId: 'conv-000001',
      retainUntil: '2025-01-15T09:00:00.000Z',
    });
  });

  it('blocks until the retention ends, to the millisecond', () => {
    const justBefore = new Date('2025-01-15T08:59:59.999Z');

    expect(purgeDecision(CONVERSATION, POLICY, [], justBefore)).toEqual({
      purgeable: false,
      tenantId: 'tenant-0001',
      conversationId: 'conv-000001',
      retainUntil: '2025-01-15T09:00:00.000Z',
      blockedBy: [{ code: 'retention-not-elapsed', retainUntil: '2025-01-15T09:00:00.000Z' }],
    });
    expect(purgeDecision(CONVERSATION, POLICY, [], new Date('2025-01-15T09:00:00.000Z')).purgeable).toBe(true);
  });

  it.each([
    ['the conversation', { scope: 'conversation', conversationId: 'conv-000001' }],
    ['the customer number', { scope: 'customer', customerNumber: '+14155550100' }],
    ['the whole tenant', { scope: 'tenant' }],
  ])('is blocked by a hold on %s', (_label, scope) => {
    const decision = purgeDecision(CONVERSATION, POLICY, [hold(scope)], AFTER_RETENTION);

    expect(decision).toMatchObject({ purgeable: false, blockedBy: [{ code: 'legal-hold', scope: scope['scope'], holdId: 'hold-00001' }] });
  });

  it.each([
    ['another conversation', hold({ scope: 'conversation', conversationId: 'conv-000002' })],
    ['another customer', hold({ scope: 'customer', customerNumber: '+14155550199' })],
    ['another tenant', hold({ scope: 'tenant' }, { tenantId: 'tenant-0002' })],
    ['another tenant, same customer number', hold({ scope: 'customer', customerNumber: '+14155550100' }, { tenantId: 'tenant-0002' })],
    ['a released hold', hold({ scope: 'tenant' }, { releasedAt: '2025-02-01T00:00:00Z', releasedBy: 'user-counsel1' })],
    ['a hold placed after now', hold({ scope: 'tenant' }, { placedAt: '2025-07-01T00:00:00Z' })],
  ])('is not blocked by a hold on %s', (_label, other) => {
    expect(purgeDecision(CONVERSATION, POLICY, [other], AFTER_RETENTION).purgeable).toBe(true);
  });

  it('does not let a customer hold match a conversation without customer number', () => {
    const decision = purgeDecision({ ...CONVERSATION, customerNumber: null }, POLICY, [hold({ scope: 'customer', customerNumber: '+14155550100' })], AFTER_RETENTION);

    expect(decision.purgeable).toBe(true);
  });

  it('lists every blocker, retention first, then holds in the order given', () => {
    const holds = [
      hold({ scope: 'tenant' }, { holdId: 'hold-tenant1' }),
      hold({ scope: 'conversation', conversationId: 'conv-000001' }, { holdId: 'hold-conv001' }),
    ];
    const decision = purgeDecision(CONVERSATION, POLICY, holds, new Date('2024-06-01T00:00:00.000Z'));

    expect(decision.purgeable ? [] : decision.blockedBy).toEqual([
      { code: 'retention-not-elapsed', retainUntil: '2025-01-15T09:00:00.000Z' },
      { code: 'legal-hold', scope: 'tenant', holdId: 'hold-tenant1' },
      { code: 'legal-hold', scope: 'conversation', holdId: 'hold-conv001' },
    ]);
  });
});

describe('legalHoldSchema', () => {
  const base = { holdId: 'hold-00001', tenantId: 'tenant-0001', placedBy: 'user-counsel1', reason: 'Matter 17', placedAt: '2024-01-01T00:00:00Z' };

  it.each([
    ['a hold without a reason', { ...base, reason: '   ', scope: 'tenant' }, 'reason'],
    ['a customer hold on something that is not a number', { ...base, scope: 'customer', customerNumber: "' OR 1=1 --" }, 'customerNumber'],
    ['a conversation hold without conversation', { ...base, scope: 'conversation' }, 'conversationId'],
    ['an unknown scope', { ...base, scope: 'queue' }, 'scope'],
    ['a release without who released it', { ...base, scope: 'tenant', releasedAt: '2024-02-01T00:00:00Z' }, 'releasedBy'],
    ['a release before the hold', { ...base, scope: 'tenant', releasedAt: '2023-12-01T00:00:00Z', releasedBy: 'user-counsel1' }, 'releasedAt'],
  ])('rejects %s', (_label, input, path) => {
    const result = legalHoldSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
