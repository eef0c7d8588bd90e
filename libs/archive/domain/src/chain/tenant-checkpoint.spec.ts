import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChainBuilder, TENANT_ID } from '../../test/archive-chain.builder.ts';
import { GENESIS_HASH, recordHash, type ArchiveRecord } from './archive-record.ts';
import { ArchiveLinkInvalidError } from './chain.errors.ts';
import { verifyChain } from './chain-verifier.ts';
import {
  checkpointHash,
  checkpointHeadOf,
  sealCheckpoint,
  verifyCheckpointHeads,
  verifyCheckpoints,
  type CheckpointHead,
  type TenantCheckpoint,
} from './tenant-checkpoint.ts';

function chains(): { alpha: ChainBuilder; beta: ChainBuilder } {
  const alpha = new ChainBuilder(TENANT_ID, 'conv-alpha1', 1);
  alpha.event('conversation.started');
  alpha.message('hello');
  const beta = new ChainBuilder(TENANT_ID, 'conv-beta01', 100);
  beta.event('conversation.started');
  return { alpha, beta };
}

function headOf(chain: ChainBuilder, conversationId: string): CheckpointHead {
  const head = chain.head;
  if (head === null) {
    throw new Error('empty chain');
  }
  return checkpointHeadOf(conversationId, head);
}

function chainMap(...builders: [string, ChainBuilder][]): Map<string, readonly ArchiveRecord[]> {
  return new Map(builders.map(([id, builder]) => [id, builder.records]));
}

describe('sealCheckpoint', () => {
  it('hashes the sorted heads and the previous checkpoint hash', () => {
    const { alpha, beta } = chains();
    const checkpoint = sealCheckpoint(null, {
      tenantId: TENANT_ID,
      createdAt: '2025-03-03T11:00:00Z',
      heads: [headOf(beta, 'conv-beta01'), headOf(alpha, 'conv-alpha1')],
    });
    const body =
      `{"checkpointSequence":1,"createdAt":"2025-03-03T11:00:00.000Z","heads":[` +
      `{"conversationId":"conv-alpha1","headHash":"${alpha.head!.hash}","sequence":2},` +
      `{"conversationId":"conv-beta01","headHash":"${beta.head!.hash}","sequence":1}],` +
      `"previousHash":"${GENESIS_HASH}","tenantId":"${TENANT_ID}"}`;

    expect(checkpoint.heads.map((head) => head.conversationId)).toEqual(['conv-alpha1', 'conv-beta01']);
    expect(checkpoint.hash).toBe(createHash('sha256').update(GENESIS_HASH + body).digest('hex'));
  });

  it('gives the same hash whatever order the heads come in', () => {
    const { alpha, beta } = chains();
    const input = { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z' };
    const one = sealCheckpoint(null, { ...input, heads: [headOf(alpha, 'conv-alpha1'), headOf(beta, 'conv-beta01')] });
    const other = sealCheckpoint(null, { ...input, heads: [headOf(beta, 'conv-beta01'), headOf(alpha, 'conv-alpha1')] });

    expect(one.hash).toBe(other.hash);
  });

  it('chains each checkpoint to the one before', () => {
    const { alpha } = chains();
    const first = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads: [headOf(alpha, 'conv-alpha1')] });
    const second = sealCheckpoint(first, { tenantId: TENANT_ID, createdAt: '2025-03-03T12:00:00Z', heads: [headOf(alpha, 'conv-alpha1')] });

    expect(second).toMatchObject({ checkpointSequence: 2, previousHash: first.hash });
    expect(checkpointHash(second)).toBe(second.hash);
  });

  it.each([
    ['a conversation twice', [{ conversationId: 'conv-a', sequence: 1, headHash: 'a'.repeat(64) }, { conversationId: 'conv-a', sequence: 2, headHash: 'b'.repeat(64) }]],
    ['a sequence of 0', [{ conversationId: 'conv-a', sequence: 0, headHash: 'a'.repeat(64) }]],
    ['a malformed hash', [{ conversationId: 'conv-a', sequence: 1, headHash: 'xyz' }]],
  ])('refuses %s', (_label, heads) => {
    expect(() => sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads })).toThrow(ArchiveLinkInvalidError);
  });
});

describe('verifyCheckpoints', () => {
  function history(): TenantCheckpoint[] {
    const { alpha, beta } = chains();
    const first = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads: [headOf(alpha, 'conv-alpha1')] });
    alpha.message('more');
    const second = sealCheckpoint(first, {
      tenantId: TENANT_ID,
      createdAt: '2025-03-03T12:00:00Z',
      heads: [headOf(alpha, 'conv-alpha1'), headOf(beta, 'conv-beta01')],
    });
    const third = sealCheckpoint(second, { tenantId: TENANT_ID, createdAt: '2025-03-03T13:00:00Z', heads: second.heads });
    return [first, second, third];
  }

  it('accepts a tenant history sealed in order', () => {
    expect(verifyCheckpoints(history())).toEqual({ ok: true, checkpoints: 3 });
  });

  it('reports an altered head inside a checkpoint: checkpoint-hash-mismatch', () => {
    const [first, second, third] = history();
    const altered = { ...second!, heads: second!.heads.map((head) => ({ ...head, sequence: head.sequence + 1 })) };

    expect(verifyCheckpoints([first!, altered, third!])).toMatchObject({
      ok: false,
      checkpoints: 1,
      broken: { checkpointSequence: 2, reason: 'checkpoint-hash-mismatch' },
    });
  });

  it('reports a deleted checkpoint: checkpoint-sequence-mismatch', () => {
    const [first, , third] = history();

    expect(verifyCheckpoints([first!, third!])).toMatchObject({ ok: false, broken: { checkpointSequence: 3, reason: 'checkpoint-sequence-mismatch' } });
  });

  it('reports a checkpoint re-sealed on a forged predecessor: checkpoint-previous-mismatch', () => {
    const [first, second] = history();
    const forged = sealCheckpoint({ ...first!, hash: 'e'.repeat(64) }, { tenantId: TENANT_ID, createdAt: second!.createdAt, heads: second!.heads });

    expect(verifyCheckpoints([first!, forged])).toMatchObject({ ok: false, broken: { checkpointSequence: 2, reason: 'checkpoint-previous-mismatch' } });
  });

  it('reports a chain that went back between checkpoints: head-regressed', () => {
    const [first, second] = history();
    const regressed = sealCheckpoint(second!, {
      tenantId: TENANT_ID,
      createdAt: '2025-03-03T14:00:00Z',
      heads: second!.heads.map((head) => (head.conversationId === 'conv-alpha1' ? { ...head, sequence: 2 } : head)),
    });

    expect(verifyCheckpoints([first!, second!, regressed])).toMatchObject({
      ok: false,
      broken: { checkpointSequence: 3, reason: 'head-regressed', conversationId: 'conv-alpha1' },
    });
  });
});

describe('verifyCheckpointHeads', () => {
  it('accepts chains that grew since the checkpoint', () => {
    const { alpha, beta } = chains();
    const checkpoint = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads: [headOf(alpha, 'conv-alpha1'), headOf(beta, 'conv-beta01')] });
    alpha.message('later');

    expect(verifyCheckpointHeads(checkpoint, chainMap(['conv-alpha1', alpha], ['conv-beta01', beta]))).toEqual({ ok: true, heads: 2 });
  });

  it('catches a deleted last record, which the chain alone cannot show', () => {
    const { alpha, beta } = chains();
    const checkpoint = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads: [headOf(alpha, 'conv-alpha1'), headOf(beta, 'conv-beta01')] });
    const truncated = alpha.records.slice(0, -1);

    expect(verifyChain(truncated, alpha.storedTexts.filter((content) => content.recordId !== alpha.head!.recordId)).ok).toBe(true);
    expect(verifyCheckpointHeads(checkpoint, new Map([['conv-alpha1', truncated], ['conv-beta01', beta.records]]))).toMatchObject({
      ok: false,
      broken: { checkpointSequence: 1, conversationId: 'conv-alpha1', reason: 'head-missing' },
    });
  });

  it('catches a chain rewritten with every hash recomputed, which the chain alone cannot show', () => {
    const { alpha } = chains();
    const checkpoint = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads: [headOf(alpha, 'conv-alpha1')] });
    const rewritten: ArchiveRecord[] = [];
    for (const record of alpha.records) {
      const previousHash = rewritten.at(-1)?.hash ?? GENESIS_HASH;
      const body = { ...record, previousHash, attributes: { ...record.attributes, rewritten: true } };
      rewritten.push({ ...body, hash: recordHash(body) });
    }

    expect(verifyChain(rewritten, alpha.storedTexts).ok).toBe(true);
    expect(verifyCheckpointHeads(checkpoint, new Map([['conv-alpha1', rewritten]]))).toMatchObject({
      ok: false,
      broken: { conversationId: 'conv-alpha1', reason: 'head-hash-mismatch' },
    });
  });

  it('accepts a missing chain only when a purge removed it at or after the checkpointed head', () => {
    const { alpha, beta } = chains();
    const checkpoint = sealCheckpoint(null, { tenantId: TENANT_ID, createdAt: '2025-03-03T11:00:00Z', heads: [headOf(alpha, 'conv-alpha1'), headOf(beta, 'conv-beta01')] });
    const onlyBeta = chainMap(['conv-beta01', beta]);
    const purgedAtHead = new Map([['conv-alpha1', headOf(alpha, 'conv-alpha1')]]);
    const purgedBefore = new Map([['conv-alpha1', { conversationId: 'conv-alpha1', sequence: 1, headHash: alpha.records[0]!.hash }]]);

    expect(verifyCheckpointHeads(checkpoint, onlyBeta, purgedAtHead)).toEqual({ ok: true, heads: 2 });
    expect(verifyCheckpointHeads(checkpoint, onlyBeta)).toMatchObject({ ok: false, broken: { conversationId: 'conv-alpha1', reason: 'head-missing' } });
    expect(verifyCheckpointHeads(checkpoint, onlyBeta, purgedBefore)).toMatchObject({ ok: false, broken: { reason: 'head-missing' } });
  });
});
