-- The engine records the events of one write as a single input (`events`: their envelopes in the order applied),
-- instead of a row per event.
ALTER TABLE "engine_inputs" DROP CONSTRAINT "engine_inputs_kind";
ALTER TABLE "engine_inputs" ADD CONSTRAINT "engine_inputs_kind" CHECK ("kind" IN ('event', 'events', 'tick', 'thresholds'));

-- Inputs live only until the next snapshot, so their bodies are stored without compression, which costs CPU on every write.
ALTER TABLE "engine_inputs" ALTER COLUMN "body" SET STORAGE EXTERNAL;

-- How far the engine has taken each partition it reads, written in the same transaction as the inputs: a message
-- delivered again after a crash, before Kafka had its offset, is recognised by its position instead of by an id row
-- per event.
CREATE TABLE "engine_offsets" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,

    CONSTRAINT "engine_offsets_pkey" PRIMARY KEY ("topic", "partition")
);
