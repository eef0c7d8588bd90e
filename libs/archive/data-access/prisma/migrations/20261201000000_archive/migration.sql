-- The archive: append-only hash chains of every screened event, their texts, tenant checkpoints, retention,
-- legal holds, purge records and an audit trail. See docs/archive.md.

-- One row per chain: the head the next record links to, and what search and purge need about the whole chain.
-- A chain is a conversation, a call (voice events without a conversation) or a tenant's monthly log (agent,
-- consent and carrier events without a conversation). This row is bookkeeping, not evidence: it can be rebuilt from
-- the records, and the records and checkpoints are what verification reads.
CREATE TABLE "chains" (
    "tenant_id" TEXT NOT NULL,
    "chain_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "conversation_id" TEXT,
    "head_sequence" INTEGER NOT NULL,
    "head_hash" TEXT NOT NULL,
    "checkpointed_sequence" INTEGER NOT NULL DEFAULT 0,
    "first_archived_at" TIMESTAMPTZ(3) NOT NULL,
    "last_archived_at" TIMESTAMPTZ(3) NOT NULL,
    -- Retention runs from here: the latest occurredAt, never later than the arrival.
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL,
    "first_occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "customer_numbers" TEXT[] NOT NULL DEFAULT '{}',
    "business_number" TEXT,
    "agent_ids" TEXT[] NOT NULL DEFAULT '{}',
    "queues" TEXT[] NOT NULL DEFAULT '{}',
    "disposition" TEXT,

    CONSTRAINT "chains_pkey" PRIMARY KEY ("tenant_id", "chain_id"),
    CONSTRAINT "chains_kind_check" CHECK ("kind" IN ('conversation', 'call', 'tenant-log'))
);

CREATE INDEX "chains_tenant_activity_idx" ON "chains"("tenant_id", "last_activity_at");
CREATE INDEX "chains_tenant_unsealed_idx" ON "chains"("tenant_id") WHERE "head_sequence" > "checkpointed_sequence";
CREATE INDEX "chains_customer_numbers_idx" ON "chains" USING GIN ("customer_numbers");
CREATE INDEX "chains_agent_ids_idx" ON "chains" USING GIN ("agent_ids");
CREATE INDEX "chains_queues_idx" ON "chains" USING GIN ("queues");
CREATE INDEX "chains_tenant_business_number_idx" ON "chains"("tenant_id", "business_number", "first_occurred_at");
CREATE INDEX "chains_tenant_disposition_idx" ON "chains"("tenant_id", "disposition", "first_occurred_at") WHERE "disposition" IS NOT NULL;

-- The links of every chain, partitioned by month of arrival. Every column up to "hash" is what the hash commits
-- to (chain_id is the domain's conversationId); the columns after it are copies of event fields for search.
CREATE TABLE "records" (
    "tenant_id" TEXT NOT NULL,
    "chain_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "record_id" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL,
    "attributes" JSONB NOT NULL,
    "content_commitment" TEXT,
    "supersedes_record_id" TEXT,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "conversation_id" TEXT,
    "customer_number" TEXT,
    "business_number" TEXT,
    "agent_id" TEXT,
    "queue" TEXT,
    "disposition" TEXT,

    CONSTRAINT "records_pkey" PRIMARY KEY ("tenant_id", "chain_id", "sequence", "archived_at"),
    CONSTRAINT "records_kind_check" CHECK ("kind" IN ('event', 'redaction'))
) PARTITION BY RANGE ("archived_at");

CREATE INDEX "records_tenant_occurred_idx" ON "records"("tenant_id", "occurred_at", "record_id");
CREATE INDEX "records_tenant_customer_idx" ON "records"("tenant_id", "customer_number", "occurred_at") WHERE "customer_number" IS NOT NULL;
CREATE INDEX "records_tenant_business_idx" ON "records"("tenant_id", "business_number", "occurred_at") WHERE "business_number" IS NOT NULL;
CREATE INDEX "records_tenant_agent_idx" ON "records"("tenant_id", "agent_id", "occurred_at") WHERE "agent_id" IS NOT NULL;
CREATE INDEX "records_tenant_queue_idx" ON "records"("tenant_id", "queue", "occurred_at") WHERE "queue" IS NOT NULL;
CREATE INDEX "records_tenant_disposition_idx" ON "records"("tenant_id", "disposition", "occurred_at") WHERE "disposition" IS NOT NULL;
CREATE INDEX "records_tenant_conversation_idx" ON "records"("tenant_id", "conversation_id", "occurred_at") WHERE "conversation_id" IS NOT NULL;
CREATE INDEX "records_supersedes_idx" ON "records"("tenant_id", "supersedes_record_id") WHERE "supersedes_record_id" IS NOT NULL;

-- Uniqueness a partitioned table cannot give (its keys must hold the partition column): one event is archived once
-- per tenant, one record id is used once, and two appends can never both take a chain's next sequence number.
CREATE TABLE "record_keys" (
    "tenant_id" TEXT NOT NULL,
    "chain_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "event_id" UUID NOT NULL,
    "record_id" TEXT NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "record_keys_pkey" PRIMARY KEY ("tenant_id", "chain_id", "sequence")
);

CREATE UNIQUE INDEX "record_keys_event_key" ON "record_keys"("tenant_id", "event_id");
CREATE UNIQUE INDEX "record_keys_record_key" ON "record_keys"("record_id");

-- Screened texts with their salts, outside the chain so a redaction or a purge can delete them.
CREATE TABLE "texts" (
    "record_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "chain_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "search_vector" TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', "text")) STORED,

    CONSTRAINT "texts_pkey" PRIMARY KEY ("record_id")
);

CREATE INDEX "texts_tenant_chain_idx" ON "texts"("tenant_id", "chain_id");
CREATE INDEX "texts_tenant_occurred_idx" ON "texts"("tenant_id", "occurred_at");
CREATE INDEX "texts_search_idx" ON "texts" USING GIN ("search_vector");

-- Each tenant's checkpoints: the heads of the chains that grew since the previous one, chained together.
CREATE TABLE "checkpoints" (
    "tenant_id" TEXT NOT NULL,
    "checkpoint_sequence" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "heads" JSONB NOT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("tenant_id", "checkpoint_sequence")
);

CREATE TABLE "retention_policies" (
    "tenant_id" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "retention_policies_pkey" PRIMARY KEY ("tenant_id")
);

CREATE TABLE "legal_holds" (
    "hold_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "conversation_id" TEXT,
    "customer_number" TEXT,
    "placed_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "released_at" TIMESTAMPTZ(3),
    "released_by" TEXT,

    CONSTRAINT "legal_holds_pkey" PRIMARY KEY ("hold_id"),
    CONSTRAINT "legal_holds_scope_check" CHECK (
        ("scope" = 'conversation' AND "conversation_id" IS NOT NULL AND "customer_number" IS NULL) OR
        ("scope" = 'customer' AND "customer_number" IS NOT NULL AND "conversation_id" IS NULL) OR
        ("scope" = 'tenant' AND "conversation_id" IS NULL AND "customer_number" IS NULL)),
    CONSTRAINT "legal_holds_release_check" CHECK (("released_at" IS NULL) = ("released_by" IS NULL))
);

CREATE INDEX "legal_holds_tenant_idx" ON "legal_holds"("tenant_id", "placed_at");

-- What each purge removed (ids, counts, chain heads, a hash; no personal data), as describePurge wrote it.
CREATE TABLE "purge_records" (
    "purge_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "purged_at" TIMESTAMPTZ(3) NOT NULL,
    "record" JSONB NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "purge_records_pkey" PRIMARY KEY ("purge_id")
);

CREATE INDEX "purge_records_tenant_idx" ON "purge_records"("tenant_id", "purged_at");

-- Every change of retention or holds, every purge and every run of the purge job that found something held.
CREATE TABLE "audit_log" (
    "audit_id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "details" JSONB NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("audit_id")
);

CREATE INDEX "audit_log_tenant_idx" ON "audit_log"("tenant_id", "at");

-- The database refuses UPDATE and DELETE on the evidence. Records, their keys and texts may lose rows only inside
-- erase_superseded_text and purge_chain below, which set archive.erasing for the statement they run.
CREATE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_NARGS > 0 AND TG_ARGV[0] = 'erasable' AND current_setting('archive.erasing', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the archive is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- A hold may change once, from placed to released; nothing else about it, and it is never deleted.
CREATE FUNCTION "refuse_hold_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.released_at IS NULL AND NEW.released_at IS NOT NULL
       AND (NEW.hold_id, NEW.tenant_id, NEW.scope, NEW.conversation_id, NEW.customer_number, NEW.placed_by, NEW.reason, NEW.placed_at)
           IS NOT DISTINCT FROM (OLD.hold_id, OLD.tenant_id, OLD.scope, OLD.conversation_id, OLD.customer_number, OLD.placed_by, OLD.reason, OLD.placed_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a legal hold can only be released, once: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "records_append_only" BEFORE UPDATE OR DELETE ON "records" FOR EACH ROW EXECUTE FUNCTION "refuse_change"('erasable');
CREATE TRIGGER "record_keys_append_only" BEFORE UPDATE OR DELETE ON "record_keys" FOR EACH ROW EXECUTE FUNCTION "refuse_change"('erasable');
CREATE TRIGGER "texts_append_only" BEFORE UPDATE OR DELETE ON "texts" FOR EACH ROW EXECUTE FUNCTION "refuse_change"('erasable');
CREATE TRIGGER "checkpoints_append_only" BEFORE UPDATE OR DELETE ON "checkpoints" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "purge_records_append_only" BEFORE UPDATE OR DELETE ON "purge_records" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "legal_holds_release_only" BEFORE UPDATE OR DELETE ON "legal_holds" FOR EACH ROW EXECUTE FUNCTION "refuse_hold_change"();
CREATE TRIGGER "records_no_truncate" BEFORE TRUNCATE ON "records" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "record_keys_no_truncate" BEFORE TRUNCATE ON "record_keys" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "texts_no_truncate" BEFORE TRUNCATE ON "texts" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "checkpoints_no_truncate" BEFORE TRUNCATE ON "checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "purge_records_no_truncate" BEFORE TRUNCATE ON "purge_records" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "legal_holds_no_truncate" BEFORE TRUNCATE ON "legal_holds" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_hold_change"();

-- Deletes a text only when a redaction record of the same tenant already names it as superseded.
CREATE FUNCTION "erase_superseded_text"(p_tenant_id TEXT, p_record_id TEXT) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    erased INTEGER;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM records WHERE tenant_id = p_tenant_id AND supersedes_record_id = p_record_id AND kind = 'redaction') THEN
        RAISE EXCEPTION 'no redaction supersedes record %', p_record_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('archive.erasing', 'on', true);
    DELETE FROM texts WHERE tenant_id = p_tenant_id AND record_id = p_record_id;
    GET DIAGNOSTICS erased = ROW_COUNT;
    PERFORM set_config('archive.erasing', 'off', true);
    RETURN erased;
END;
$$;

-- Deletes a whole chain only when a purge record of the same tenant lists it, at exactly its current head.
CREATE FUNCTION "purge_chain"(p_tenant_id TEXT, p_chain_id TEXT, p_purge_id TEXT) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    removed INTEGER;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM purge_records p, chains c
        WHERE p.purge_id = p_purge_id AND p.tenant_id = p_tenant_id AND c.tenant_id = p_tenant_id AND c.chain_id = p_chain_id
          AND p.record->'conversations' @> jsonb_build_array(jsonb_build_object(
                'conversationId', p_chain_id, 'headSequence', c.head_sequence, 'headHash', c.head_hash))
    ) THEN
        RAISE EXCEPTION 'purge % does not cover chain % at its head', p_purge_id, p_chain_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('archive.erasing', 'on', true);
    DELETE FROM texts WHERE tenant_id = p_tenant_id AND chain_id = p_chain_id;
    DELETE FROM records WHERE tenant_id = p_tenant_id AND chain_id = p_chain_id;
    GET DIAGNOSTICS removed = ROW_COUNT;
    DELETE FROM record_keys WHERE tenant_id = p_tenant_id AND chain_id = p_chain_id;
    DELETE FROM chains WHERE tenant_id = p_tenant_id AND chain_id = p_chain_id;
    PERFORM set_config('archive.erasing', 'off', true);
    RETURN removed;
END;
$$;

-- Monthly partitions of records from the month of p_from, p_months of them; existing ones are left alone.
CREATE FUNCTION "ensure_record_partitions"(p_from TIMESTAMPTZ, p_months INTEGER) RETURNS INTEGER
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    month_start DATE := date_trunc('month', p_from AT TIME ZONE 'UTC')::date;
    created INTEGER := 0;
    partition_name TEXT;
BEGIN
    FOR i IN 0 .. p_months - 1 LOOP
        partition_name := 'records_' || to_char(month_start + make_interval(months => i), 'YYYY_MM');
        IF to_regclass(quote_ident(partition_name)) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF records FOR VALUES FROM (%L) TO (%L)',
                partition_name,
                (month_start + make_interval(months => i))::timestamp AT TIME ZONE 'UTC',
                (month_start + make_interval(months => i + 1))::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

-- Rows outside every monthly partition land here rather than fail; the service keeps months ahead so it stays empty.
CREATE TABLE "records_default" PARTITION OF "records" DEFAULT;

SELECT "ensure_record_partitions"(CURRENT_TIMESTAMP - INTERVAL '1 month', 5);
