import { type ChainHead } from '../chain/archive-record.ts';
import { canonicalInstant, canonicalJson } from '../chain/canonical-json.ts';
import { sha256Hex } from '../chain/sha256.ts';
import { type PurgedChainHead } from '../chain/tenant-checkpoint.ts';
import { type PurgeDecision } from './purge-decision.ts';
import { type RetentionPolicy } from './retention-policy.ts';
import { PurgeNotAllowedError, PurgeRecordInvalidError } from './retention.errors.ts';

/** One purged conversation as its proof keeps it: ids, counts and the chain head, no personal data. */
export interface PurgedConversation {
  conversationId: string;
  /** Records removed; equal to the head's sequence for a complete chain. */
  records: number;
  /** Stored texts removed (superseded texts were removed earlier, by their redactions). */
  texts: number;
  headSequence: number;
  headHash: string;
  retainUntil: string;
}

/** What a purge removed and the chain heads at that moment, so later checkpoint verification can account for it. */
export interface PurgeRecord {
  purgeId: string;
  tenantId: string;
  purgedAt: string;
  policy: RetentionPolicy;
  /** Sorted by conversationId. */
  conversations: PurgedConversation[];
  totals: { conversations: number; records: number; texts: number };
  /** `sha256(canonicalJson(every other field))`. */
  hash: string;
}

export interface PurgeInput {
  purgeId: string;
  tenantId: string;
  purgedAt: string | Date;
  policy: RetentionPolicy;
  conversations: readonly { decision: PurgeDecision; head: ChainHead; texts: number }[];
}

/** Hash over exactly the committed fields of a purge record. */
export function purgeRecordHash(record: Omit<PurgeRecord, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      purgeId: record.purgeId,
      tenantId: record.tenantId,
      purgedAt: record.purgedAt,
      policy: record.policy,
      conversations: record.conversations,
      totals: record.totals,
    }),
  );
}

/**
 * Describes a purge about to happen; throws if any conversation's decision does not allow it, belongs to
 * another tenant, or comes with counts that cannot be true.
 */
export function describePurge(input: PurgeInput): PurgeRecord {
  const conversations: PurgedConversation[] = [];
  const seen = new Set<string>();
  for (const { decision, head, texts } of input.conversations) {
    if (!decision.purgeable) {
      throw new PurgeNotAllowedError(
        decision.conversationId,
        decision.blockedBy.map((blocker) => (blocker.code === 'legal-hold' ? `legal-hold:${blocker.scope}:${blocker.holdId}` : blocker.code)),
      );
    }
    if (decision.tenantId !== input.tenantId) {
      throw new PurgeRecordInvalidError(`conversation ${decision.conversationId} belongs to another tenant`);
    }
    if (seen.has(decision.conversationId)) {
      throw new PurgeRecordInvalidError(`conversation ${decision.conversationId} is listed twice`);
    }
    if (!Number.isInteger(head.sequence) || head.sequence < 1 || !Number.isInteger(texts) || texts < 0 || texts > head.sequence) {
      throw new PurgeRecordInvalidError(`conversation ${decision.conversationId}: ${texts} texts for ${head.sequence} records`);
    }
    seen.add(decision.conversationId);
    conversations.push({
      conversationId: decision.conversationId,
      records: head.sequence,
      texts,
      headSequence: head.sequence,
      headHash: head.hash,
      retainUntil: decision.retainUntil,
    });
  }
  conversations.sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0));
  const body: Omit<PurgeRecord, 'hash'> = {
    purgeId: input.purgeId,
    tenantId: input.tenantId,
    purgedAt: canonicalInstant(input.purgedAt),
    policy: { ...input.policy },
    conversations,
    totals: {
      conversations: conversations.length,
      records: conversations.reduce((sum, conversation) => sum + conversation.records, 0),
      texts: conversations.reduce((sum, conversation) => sum + conversation.texts, 0),
    },
  };
  return { ...body, hash: purgeRecordHash(body) };
}

/** The heads a purge record accounts for, in the form `verifyCheckpointHeads` takes. */
export function purgedChainHeads(records: readonly PurgeRecord[]): Map<string, PurgedChainHead> {
  const heads = new Map<string, PurgedChainHead>();
  for (const record of records) {
    for (const conversation of record.conversations) {
      heads.set(conversation.conversationId, {
        conversationId: conversation.conversationId,
        sequence: conversation.headSequence,
        headHash: conversation.headHash,
      });
    }
  }
  return heads;
}
