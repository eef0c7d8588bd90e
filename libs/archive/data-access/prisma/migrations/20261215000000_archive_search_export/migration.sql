-- Search, transcripts and eDiscovery exports over the archive. See docs/archive.md.

-- Full-text hits are found in texts and joined back to their record by id; records are partitioned by arrival, so
-- without this every partition would be scanned for each hit.
CREATE INDEX "records_tenant_record_idx" ON "records"("tenant_id", "record_id");

-- Who read which conversation's transcript, and when. Append-only, like the evidence it is about.
CREATE TABLE "transcript_views" (
    "view_id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "reader" TEXT NOT NULL,
    "viewed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- How many records the reader was shown, so a later view of a grown conversation is told apart.
    "records" INTEGER NOT NULL,
    "head_sequence" INTEGER NOT NULL,

    CONSTRAINT "transcript_views_pkey" PRIMARY KEY ("view_id")
);

CREATE INDEX "transcript_views_tenant_idx" ON "transcript_views"("tenant_id", "view_id");
CREATE INDEX "transcript_views_tenant_conversation_idx" ON "transcript_views"("tenant_id", "conversation_id", "view_id");

CREATE TRIGGER "transcript_views_append_only" BEFORE UPDATE OR DELETE ON "transcript_views" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "transcript_views_no_truncate" BEFORE TRUNCATE ON "transcript_views" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();

-- eDiscovery export jobs: the search they answer, their progress and, once done, the manifest of their files.
-- A job's row changes while it runs (status, progress); what it was asked and by whom is in the audit log.
CREATE TABLE "exports" (
    "export_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "rows_written" BIGINT NOT NULL DEFAULT 0,
    "rows_total" BIGINT,
    "manifest" JSONB,
    "error" TEXT,

    CONSTRAINT "exports_pkey" PRIMARY KEY ("export_id"),
    CONSTRAINT "exports_status_check" CHECK ("status" IN ('queued', 'running', 'completed', 'failed'))
);

CREATE INDEX "exports_tenant_idx" ON "exports"("tenant_id", "requested_at");
CREATE INDEX "exports_unfinished_idx" ON "exports"("status") WHERE "status" IN ('queued', 'running');
