-- Events this service has already handled, per consumer group.
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer", "event_id")
);

CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");

-- Synthetic probes sent through every service, and the hops they recorded on the way back.
CREATE TABLE "probes" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "hops" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "probes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "probes_status_check" CHECK ("status" IN ('pending', 'completed'))
);

CREATE INDEX "probes_started_at_idx" ON "probes"("started_at");
