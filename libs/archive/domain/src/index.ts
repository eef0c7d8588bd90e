export { canonicalInstant, canonicalJson, type JsonObject, type JsonValue } from './chain/canonical-json.ts';
export { ArchiveLinkInvalidError, CanonicalJsonError } from './chain/chain.errors.ts';
export {
  CONTENT_SALT_BYTES,
  commitContent,
  contentMatches,
  newContentSalt,
  sealContent,
  type StoredContent,
} from './chain/content-commitment.ts';
export {
  ARCHIVE_RECORD_KINDS,
  GENESIS_HASH,
  appendRecord,
  archiveEvent,
  archiveRedaction,
  recordBody,
  recordHash,
  type ArchiveRecord,
  type ArchiveRecordBody,
  type ArchiveRecordDraft,
  type ArchiveRecordKind,
  type ArchivedEvent,
  type ChainHead,
  type EventDraft,
  type RedactionPlan,
} from './chain/archive-record.ts';
export { CHAIN_BREAK_REASONS, verifyChain, type BrokenLink, type ChainBreakReason, type ChainVerification } from './chain/chain-verifier.ts';
export {
  CHECKPOINT_BREAK_REASONS,
  checkpointHash,
  checkpointHeadOf,
  sealCheckpoint,
  verifyCheckpointHeads,
  verifyCheckpoints,
  type BrokenCheckpoint,
  type CheckpointBreakReason,
  type CheckpointHead,
  type CheckpointHeadsVerification,
  type CheckpointVerification,
  type PurgedChainHead,
  type TenantCheckpoint,
  type TenantCheckpointBody,
} from './chain/tenant-checkpoint.ts';
export { sha256Hex } from './chain/sha256.ts';
export {
  DEFAULT_RETENTION_POLICY,
  MAX_RETENTION_YEARS,
  retainUntil,
  retentionPolicySchema,
  type RetentionPolicy,
} from './retention/retention-policy.ts';
export { HOLD_SCOPES, isHoldActive, legalHoldSchema, type HoldScope, type LegalHold } from './retention/legal-hold.ts';
export { purgeDecision, type PurgeBlocker, type PurgeCandidate, type PurgeDecision } from './retention/purge-decision.ts';
export {
  describePurge,
  purgeRecordHash,
  purgedChainHeads,
  type PurgeInput,
  type PurgeRecord,
  type PurgedConversation,
} from './retention/purge-record.ts';
export { PurgeNotAllowedError, PurgeRecordInvalidError } from './retention/retention.errors.ts';
export {
  DEFAULT_SEARCH_PAGE_SIZE,
  MAX_SEARCH_PAGE_SIZE,
  MAX_SEARCH_RANGE_YEARS,
  MAX_SEARCH_TERMS,
  MAX_SEARCH_TEXT_LENGTH,
  archiveSearchQuerySchema,
  dispositionSchema,
  parseArchiveSearch,
  type ArchiveSearch,
  type ArchiveSearchQuery,
} from './search/search-query.ts';
export {
  MAX_CURSOR_LENGTH,
  decodeSearchCursor,
  encodeSearchCursor,
  toSearchPage,
  type SearchCursor,
  type SearchPage,
} from './search/search-cursor.ts';
export { MAX_SEARCH_TERM_LENGTH, searchTerms } from './search/search-terms.ts';
export { ArchiveCursorInvalidError, ArchiveSearchInvalidError, type SearchIssue } from './search/search.errors.ts';
export { ARCHIVE_EXPORT_COLUMNS, type ArchiveExportColumn, type ArchiveExportRow, type ExportCell } from './export/export-row.ts';
export { encodeCsvCell, encodeCsvLine } from './export/csv-encoding.ts';
export {
  EXPORT_FORMATS,
  encodeExportFile,
  exportFileNameSchema,
  writeExportFile,
  type ExportEncoding,
  type ExportFileSummary,
  type ExportFormat,
} from './export/export-writer.ts';
export {
  buildExportManifest,
  exportManifestFileSchema,
  exportManifestSchema,
  exportQueryEcho,
  exportQueryEchoSchema,
  type ExportManifest,
} from './export/export-manifest.ts';
export { ExportFileInvalidError, ExportManifestInvalidError } from './export/export.errors.ts';
