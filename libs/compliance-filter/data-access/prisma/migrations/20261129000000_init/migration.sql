-- Events this service has already handled, per consumer group.
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer", "event_id")
);

CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");
