import { opaqueIdSchema } from '@parley/contracts';
import { GENESIS_HASH, type ArchiveRecord, type ChainHead } from './archive-record.ts';
import { canonicalInstant, canonicalJson } from './canonical-json.ts';
import { ArchiveLinkInvalidError } from './chain.errors.ts';
import { SHA256_HEX_PATTERN, sha256Hex } from './sha256.ts';

/** One conversation's chain head as a checkpoint saw it. */
export interface CheckpointHead {
  conversationId: string;
  sequence: number;
  headHash: string;
}

/**
 * A tenant's periodic commitment to the heads of all its chains, itself chained to the tenant's previous
 * checkpoint, so rewriting or truncating a chain after a checkpoint shows even if every link was recomputed.
 */
export interface TenantCheckpoint {
  tenantId: string;
  /** 1 for the tenant's first checkpoint, then one more per checkpoint. */
  checkpointSequence: number;
  createdAt: string;
  /** Sorted by conversationId, one entry per conversation. */
  heads: CheckpointHead[];
  previousHash: string;
  hash: string;
}

export type TenantCheckpointBody = Omit<TenantCheckpoint, 'hash'>;

/** `sha256(previousHash + canonicalJson(body))`, over exactly the committed fields. */
export function checkpointHash(checkpoint: TenantCheckpointBody): string {
  const body: TenantCheckpointBody = {
    tenantId: checkpoint.tenantId,
    checkpointSequence: checkpoint.checkpointSequence,
    createdAt: checkpoint.createdAt,
    heads: checkpoint.heads.map((head) => ({ conversationId: head.conversationId, sequence: head.sequence, headHash: head.headHash })),
    previousHash: checkpoint.previousHash,
  };
  return sha256Hex(body.previousHash + canonicalJson(body));
}

function compareConversations(a: CheckpointHead, b: CheckpointHead): number {
  return a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0;
}

/** Seals the tenant's next checkpoint over the given chain heads (any order); throws on a malformed head. */
export function sealCheckpoint(
  previous: TenantCheckpoint | null,
  input: { tenantId: string; createdAt: string | Date; heads: readonly CheckpointHead[] },
): TenantCheckpoint {
  if (!opaqueIdSchema.safeParse(input.tenantId).success) {
    throw new ArchiveLinkInvalidError('a checkpoint needs an opaque tenant id');
  }
  if (previous !== null && previous.tenantId !== input.tenantId) {
    throw new ArchiveLinkInvalidError('a checkpoint can only follow a checkpoint of its own tenant');
  }
  const heads = input.heads.map((head) => ({ ...head })).sort(compareConversations);
  for (const [index, head] of heads.entries()) {
    if (!Number.isInteger(head.sequence) || head.sequence < 1 || !SHA256_HEX_PATTERN.test(head.headHash)) {
      throw new ArchiveLinkInvalidError(`malformed chain head for conversation ${head.conversationId}`);
    }
    if (index > 0 && heads[index - 1]?.conversationId === head.conversationId) {
      throw new ArchiveLinkInvalidError(`conversation ${head.conversationId} appears twice in one checkpoint`);
    }
  }
  const body: TenantCheckpointBody = {
    tenantId: input.tenantId,
    checkpointSequence: previous === null ? 1 : previous.checkpointSequence + 1,
    createdAt: canonicalInstant(input.createdAt),
    heads,
    previousHash: previous === null ? GENESIS_HASH : previous.hash,
  };
  return { ...body, hash: checkpointHash(body) };
}

/** The head a chain has now, in the form a checkpoint records. */
export function checkpointHeadOf(conversationId: string, head: ChainHead): CheckpointHead {
  return { conversationId, sequence: head.sequence, headHash: head.hash };
}

export const CHECKPOINT_BREAK_REASONS = [
  /** A checkpoint of another tenant in this tenant's list. */
  'foreign-checkpoint',
  /** Checkpoint numbers skip, repeat or go back: a checkpoint was deleted, inserted or reordered. */
  'checkpoint-sequence-mismatch',
  /** `previousHash` is not the hash of the checkpoint before. */
  'checkpoint-previous-mismatch',
  /** The checkpoint's fields no longer hash to its stored hash. */
  'checkpoint-hash-mismatch',
  /** The heads are not strictly sorted by conversation, so the checkpoint was not sealed by this code. */
  'heads-unsorted',
  /** A conversation's head went back, or changed at the same sequence, since the previous checkpoint. */
  'head-regressed',
  /** A chain no longer has the record a checkpoint committed to, and no purge accounts for it. */
  'head-missing',
  /** A chain's record at a checkpointed sequence has another hash than the checkpoint committed to. */
  'head-hash-mismatch',
] as const;

export type CheckpointBreakReason = (typeof CHECKPOINT_BREAK_REASONS)[number];

export interface BrokenCheckpoint {
  checkpointSequence: number;
  reason: CheckpointBreakReason;
  /** The conversation whose head is at fault, for the head reasons. */
  conversationId?: string;
  detail: string;
}

export type CheckpointVerification =
  | { ok: true; checkpoints: number }
  | { ok: false; /** Checkpoints before the broken one, which verified. */ checkpoints: number; broken: BrokenCheckpoint };

export type CheckpointHeadsVerification = { ok: true; heads: number } | { ok: false; broken: BrokenCheckpoint };

/** Verifies a tenant's checkpoints from its first, in order; returns the first broken one. */
export function verifyCheckpoints(checkpoints: readonly TenantCheckpoint[]): CheckpointVerification {
  for (const [index, checkpoint] of checkpoints.entries()) {
    const previous = index === 0 ? undefined : checkpoints[index - 1];
    const broken = checkCheckpoint(checkpoint, index, previous, checkpoints[0]);
    if (broken !== undefined) {
      return { ok: false, checkpoints: index, broken: { checkpointSequence: checkpoint.checkpointSequence, ...broken } };
    }
  }
  return { ok: true, checkpoints: checkpoints.length };
}

type CheckpointProblem = { reason: CheckpointBreakReason; conversationId?: string; detail: string } | undefined;

function checkCheckpoint(
  checkpoint: TenantCheckpoint,
  index: number,
  previous: TenantCheckpoint | undefined,
  first: TenantCheckpoint | undefined,
): CheckpointProblem {
  if (first !== undefined && checkpoint.tenantId !== first.tenantId) {
    return { reason: 'foreign-checkpoint', detail: `expected tenant ${first.tenantId}, found ${checkpoint.tenantId}` };
  }
  if (checkpoint.checkpointSequence !== index + 1) {
    return { reason: 'checkpoint-sequence-mismatch', detail: `expected checkpoint ${index + 1}, found ${checkpoint.checkpointSequence}` };
  }
  const expectedPrevious = previous === undefined ? GENESIS_HASH : previous.hash;
  if (checkpoint.previousHash !== expectedPrevious) {
    return { reason: 'checkpoint-previous-mismatch', detail: `expected previousHash ${expectedPrevious}, found ${checkpoint.previousHash}` };
  }
  let recomputed: string | undefined;
  try {
    recomputed = checkpointHash(checkpoint);
  } catch {
    // A tampered field with no canonical form cannot match the stored hash, so it is reported as a mismatch.
    recomputed = undefined;
  }
  if (recomputed !== checkpoint.hash) {
    return { reason: 'checkpoint-hash-mismatch', detail: `the checkpoint hashes to ${recomputed ?? '(no canonical form)'}, stored ${checkpoint.hash}` };
  }
  for (let at = 1; at < checkpoint.heads.length; at += 1) {
    const before = checkpoint.heads[at - 1];
    const head = checkpoint.heads[at];
    if (before !== undefined && head !== undefined && compareConversations(before, head) >= 0) {
      return { reason: 'heads-unsorted', conversationId: head.conversationId, detail: `${head.conversationId} follows ${before.conversationId}` };
    }
  }
  return previous === undefined ? undefined : checkGrowth(previous, checkpoint);
}

/** Chains only grow; a conversation may disappear (purged), which the heads check accounts for. */
function checkGrowth(previous: TenantCheckpoint, checkpoint: TenantCheckpoint): CheckpointProblem {
  const earlier = new Map(previous.heads.map((head) => [head.conversationId, head]));
  for (const head of checkpoint.heads) {
    const before = earlier.get(head.conversationId);
    if (before === undefined) {
      continue;
    }
    if (head.sequence < before.sequence || (head.sequence === before.sequence && head.headHash !== before.headHash)) {
      return {
        reason: 'head-regressed',
        conversationId: head.conversationId,
        detail: `was ${before.sequence}/${before.headHash}, now ${head.sequence}/${head.headHash}`,
      };
    }
  }
  return undefined;
}

/** A conversation whose chain was purged, with the head it had then (from its purge record). */
export interface PurgedChainHead {
  conversationId: string;
  sequence: number;
  headHash: string;
}

/**
 * Checks that the stored chains still hold every record a checkpoint committed to: the record at each head's
 * sequence must exist with that hash, unless a purge removed the chain after it reached at least that head.
 */
export function verifyCheckpointHeads(
  checkpoint: TenantCheckpoint,
  chains: ReadonlyMap<string, readonly ArchiveRecord[]>,
  purged: ReadonlyMap<string, PurgedChainHead> = new Map(),
): CheckpointHeadsVerification {
  for (const head of checkpoint.heads) {
    const problem = checkHead(head, chains.get(head.conversationId), purged.get(head.conversationId));
    if (problem !== undefined) {
      return { ok: false, broken: { checkpointSequence: checkpoint.checkpointSequence, conversationId: head.conversationId, ...problem } };
    }
  }
  return { ok: true, heads: checkpoint.heads.length };
}

function checkHead(
  head: CheckpointHead,
  chain: readonly ArchiveRecord[] | undefined,
  purge: PurgedChainHead | undefined,
): { reason: CheckpointBreakReason; detail: string } | undefined {
  if (chain === undefined || chain.length === 0) {
    const coveredByPurge =
      purge !== undefined && (purge.sequence > head.sequence || (purge.sequence === head.sequence && purge.headHash === head.headHash));
    return coveredByPurge ? undefined : { reason: 'head-missing', detail: `no chain, and no purge covering sequence ${head.sequence}` };
  }
  const record = chain.find((candidate) => candidate.sequence === head.sequence);
  if (record === undefined) {
    return { reason: 'head-missing', detail: `the chain has no record ${head.sequence}` };
  }
  if (record.hash !== head.headHash) {
    return { reason: 'head-hash-mismatch', detail: `record ${head.sequence} hashes to ${record.hash}, checkpoint says ${head.headHash}` };
  }
  return undefined;
}
