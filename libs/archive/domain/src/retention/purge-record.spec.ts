import { describe, expect, it } from 'vitest';
import { ChainBuilder, TENANT_ID } from '../../test/archive-chain.builder.ts';
import { sealCheckpoint, verifyCheckpointHeads, checkpointHeadOf } from '../chain/tenant-checkpoint.ts';
import { purgeDecision, type PurgeDecision } from './purge-decision.ts';
import { describePurge, purgeRecordHash, purgedChainHeads } from './purge-record.ts';
import { PurgeNotAllowedError, PurgeRecordInvalidError } from './retention.errors.ts';

const NOW = new Date('2030-01-01T00:00:00.000Z');
const POLICY = { days: 30 };

function conversationChain(conversationId: string, firstEvent: number): ChainBuilder {
  const chain = new ChainBuilder(TENANT_ID, conversationId, firstEvent);
  chain.event('conversation.started');
  chain.message('hello');
  chain.message('bye');
  return chain;
}

function allowed(conversationId: string): PurgeDecision {
  return purgeDecision({ tenantId: TENANT_ID, conversationId, customerNumber: '+14155550100', lastActivityAt: '2025-03-03T10:00:00Z' }, POLICY, [], NOW);
}

describe('describePurge', () => {
  it('records ids, counts and chain heads, sorted, with totals and a hash over the rest', () => {
    const beta = conversationChain('conv-beta01', 100);
    const alpha = conversationChain('conv-alpha1', 1);
    const record = describePurge({
      purgeId: 'purge-000001',
      tenantId: TENANT_ID,
      purgedAt: NOW,
      policy: POLICY,
      conversations: [
        { decision: allowed('conv-beta01'), head: beta.head!, texts: 2 },
        { decision: allowed('conv-alpha1'), head: alpha.head!, texts: 2 },
      ],
    });

    expect(record).toMatchObject({
      purgeId: 'purge-000001',
      tenantId: TENANT_ID,
      purgedAt: '2030-01-01T00:00:00.000Z',
      policy: { days: 30 },
      conversations: [
        { conversationId: 'conv-alpha1', records: 3, texts: 2, headSequence: 3, headHash: alpha.head!.hash, retainUntil: '2025-04-02T10:00:00.000Z' },
        { conversationId: 'conv-beta01', records: 3, texts: 2, headSequence: 3, headHash: beta.head!.hash, retainUntil: '2025-04-02T10:00:00.000Z' },
      ],
      totals: { conversations: 2, records: 6, texts: 4 },
    });
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(purgeRecordHash({ ...record, totals: { ...record.totals, records: 5 } })).not.toBe(record.hash);
    expect(purgeRecordHash(record)).toBe(record.hash);
    expect(JSON.stringify(record)).not.toContain('+1415');
  });

  it('refuses a conversation its decision does not allow to purge, naming the blockers', () => {
    const alpha = conversationChain('conv-alpha1', 1);
    const held = purgeDecision(
      { tenantId: TENANT_ID, conversationId: 'conv-alpha1', customerNumber: null, lastActivityAt: '2029-12-20T00:00:00Z' },
      POLICY,
      [],
      NOW,
    );
    let thrown: unknown;
    try {
      describePurge({ purgeId: 'purge-000001', tenantId: TENANT_ID, purgedAt: NOW, policy: POLICY, conversations: [{ decision: held, head: alpha.head!, texts: 2 }] });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(PurgeNotAllowedError);
    expect(thrown).toMatchObject({ code: 'archive.purge-not-allowed', kind: 'conflict', details: { conversationId: 'conv-alpha1', blockers: ['retention-not-elapsed'] } });
  });

  it.each([
    ['more texts than records', { texts: 4 }],
    ['a negative text count', { texts: -1 }],
  ])('refuses %s', (_label, change) => {
    const alpha = conversationChain('conv-alpha1', 1);

    expect(() =>
      describePurge({ purgeId: 'purge-000001', tenantId: TENANT_ID, purgedAt: NOW, policy: POLICY, conversations: [{ decision: allowed('conv-alpha1'), head: alpha.head!, ...change }] }),
    ).toThrow(PurgeRecordInvalidError);
  });

  it('refuses a conversation of another tenant or one listed twice', () => {
    const alpha = conversationChain('conv-alpha1', 1);
    const entry = { decision: allowed('conv-alpha1'), head: alpha.head!, texts: 2 };

    expect(() => describePurge({ purgeId: 'purge-000001', tenantId: 'tenant-0002', purgedAt: NOW, policy: POLICY, conversations: [entry] })).toThrow(
      'belongs to another tenant',
    );
    expect(() => describePurge({ purgeId: 'purge-000001', tenantId: TENANT_ID, purgedAt: NOW, policy: POLICY, conversations: [entry, entry] })).toThrow('listed twice');
  });

  it('accounts for the purged chains when a later verify checks an earlier checkpoint', () => {
    const alpha = conversationChain('conv-alpha1', 1);
    const checkpoint = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-04T00:00:00Z', heads: [checkpointHeadOf('conv-alpha1', alpha.head!)] });
    const purge = describePurge({
      purgeId: 'purge-000001',
      tenantId: TENANT_ID,
      purgedAt: NOW,
      policy: POLICY,
      conversations: [{ decision: allowed('conv-alpha1'), head: alpha.head!, texts: 2 }],
    });

    expect(verifyCheckpointHeads(checkpoint, new Map(), purgedChainHeads([purge]))).toEqual({ ok: true, heads: 1 });
  });
});
