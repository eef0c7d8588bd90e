-- The reporting engine runs in one instance's memory; these tables make it durable and let another instance take over.

-- Which instance runs the engine. Every write of the engine checks the epoch it took over with, so an instance that
-- lost the lease without noticing can no longer change anything.
CREATE TABLE "engine_lease" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "epoch" BIGINT NOT NULL DEFAULT 0,
    "holder" TEXT,
    "acquired_at" TIMESTAMPTZ(3),
    "renewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "engine_lease_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "engine_lease_single_row" CHECK ("id" = 1)
);

INSERT INTO "engine_lease" ("id", "epoch") VALUES (1, 0);

-- What the engine applied since its last snapshot, in order: events, publication ticks and service-level changes.
CREATE TABLE "engine_inputs" (
    "sequence" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engine_inputs_pkey" PRIMARY KEY ("sequence"),
    CONSTRAINT "engine_inputs_kind" CHECK ("kind" IN ('event', 'tick', 'thresholds'))
);

-- The engine's state after input `through_sequence` (gzipped JSON) with the service-level thresholds it used; inputs up
-- to it are deleted in the same transaction.
CREATE TABLE "engine_snapshots" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "through_sequence" BIGINT NOT NULL,
    "format" INTEGER NOT NULL,
    "state" BYTEA NOT NULL,
    "thresholds" JSONB NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engine_snapshots_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "engine_snapshots_single_row" CHECK ("id" = 1)
);

-- The latest published version of every report row, for the service's own API.
CREATE TABLE "report_rows" (
    "report_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "interval_start" TIMESTAMPTZ(3),
    "queue" TEXT,
    "channel" TEXT,
    "agent_id" TEXT,
    "conversation_id" TEXT,
    "ended_at" TIMESTAMPTZ(3),
    "revision" INTEGER NOT NULL,
    "final" BOOLEAN NOT NULL,
    "row" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "report_rows_pkey" PRIMARY KEY ("report_id"),
    CONSTRAINT "report_rows_kind" CHECK ("kind" IN ('interval', 'agent-interval', 'conversation')),
    CONSTRAINT "report_rows_shape" CHECK (
        ("kind" = 'interval' AND "interval_start" IS NOT NULL AND "queue" IS NOT NULL AND "channel" IS NOT NULL)
        OR ("kind" = 'agent-interval' AND "interval_start" IS NOT NULL AND "agent_id" IS NOT NULL)
        OR ("kind" = 'conversation' AND "conversation_id" IS NOT NULL AND "ended_at" IS NOT NULL)
    )
);

CREATE INDEX "report_rows_intervals_idx" ON "report_rows"("tenant_id", "kind", "interval_start");
CREATE INDEX "report_rows_conversations_idx" ON "report_rows"("tenant_id", "ended_at") WHERE "kind" = 'conversation';
CREATE UNIQUE INDEX "report_rows_conversation_key" ON "report_rows"("tenant_id", "conversation_id") WHERE "kind" = 'conversation';
CREATE INDEX "report_rows_retention_idx" ON "report_rows"(COALESCE("interval_start", "ended_at")) WHERE "final";

-- Publications decided with a tick, waiting for Kafka's acknowledgement.
CREATE TABLE "report_outbox" (
    "sequence" BIGSERIAL NOT NULL,
    "envelope" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_outbox_pkey" PRIMARY KEY ("sequence")
);
