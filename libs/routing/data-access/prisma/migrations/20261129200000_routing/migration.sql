-- Each tenant's routing rules beyond its queues (offer timeout, capacity weights, sticky window, grace, dispositions).
CREATE TABLE "routing_settings" (
    "tenant_id" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "routing_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- A tenant's queues: priority, service-level threshold, overflow to another queue after a wait.
CREATE TABLE "queues" (
    "tenant_id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "service_level_seconds" INTEGER NOT NULL,
    "overflow_after_seconds" INTEGER,
    "overflow_to" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "queues_pkey" PRIMARY KEY ("tenant_id", "queue"),
    CONSTRAINT "queues_priority_check" CHECK ("priority" BETWEEN 0 AND 100),
    CONSTRAINT "queues_service_level_check" CHECK ("service_level_seconds" > 0),
    CONSTRAINT "queues_overflow_check" CHECK (("overflow_after_seconds" IS NULL) = ("overflow_to" IS NULL) AND "overflow_to" IS DISTINCT FROM "queue")
);

-- Agents' routing profiles and live state. Load is not stored: it is summed from the conversations they hold.
CREATE TABLE "agents" (
    "tenant_id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "queues" TEXT[] NOT NULL,
    "capacity" DOUBLE PRECISION NOT NULL,
    "auto_accept" BOOLEAN NOT NULL DEFAULT false,
    "presence" TEXT NOT NULL DEFAULT 'offline',
    "presence_reason" TEXT,
    "connected" BOOLEAN NOT NULL DEFAULT true,
    "on_call_id" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "unavailable_since" TIMESTAMPTZ(3),
    "last_assigned_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "agents_pkey" PRIMARY KEY ("tenant_id", "agent_id"),
    CONSTRAINT "agents_capacity_check" CHECK ("capacity" > 0 AND "capacity" <= 20),
    CONSTRAINT "agents_presence_check" CHECK ("presence" IN ('available', 'away', 'offline'))
);
-- Agents whose grace period may run out: offline or without their desk.
CREATE INDEX "agents_unavailable_idx" ON "agents" ("unavailable_since") WHERE "unavailable_since" IS NOT NULL;

-- Conversations as routing sees them. One row per conversation, so it has at most one agent at any time;
-- the holder check ties an agent to exactly the offered and assigned stages.
CREATE TABLE "conversations" (
    "conversation_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "business_number_id" TEXT,
    "customer_number" TEXT,
    "channel" TEXT NOT NULL DEFAULT 'sms',
    "stage" TEXT NOT NULL,
    "queue" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "queued_since" TIMESTAMPTZ(3),
    "at_front" BOOLEAN NOT NULL DEFAULT false,
    "agent_id" TEXT,
    "offer_id" TEXT,
    "offer_attempts" INTEGER NOT NULL DEFAULT 0,
    "offer_expires_at" TIMESTAMPTZ(3),
    "offer_reason" TEXT,
    "excluded_agents" TEXT[] NOT NULL DEFAULT '{}',
    "preferred_agent_id" TEXT,
    "preferred_until" TIMESTAMPTZ(3),
    "waiting_on_customer_since" TIMESTAMPTZ(3),
    "assigned_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "disposition" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("conversation_id"),
    CONSTRAINT "conversations_stage_check" CHECK ("stage" IN ('front-door', 'waiting', 'offered', 'assigned', 'closed')),
    CONSTRAINT "conversations_channel_check" CHECK ("channel" IN ('sms', 'voice')),
    CONSTRAINT "conversations_holder_check" CHECK (("stage" IN ('offered', 'assigned')) = ("agent_id" IS NOT NULL)),
    CONSTRAINT "conversations_waiting_check" CHECK ("stage" NOT IN ('waiting', 'offered', 'assigned') OR ("queue" IS NOT NULL AND "queued_since" IS NOT NULL)),
    CONSTRAINT "conversations_offer_check" CHECK ("stage" <> 'offered' OR ("offer_id" IS NOT NULL AND "offer_expires_at" IS NOT NULL))
);
-- Each queue's line in serving order, so a round reads only the head of every queue it can serve.
CREATE INDEX "conversations_waiting_idx" ON "conversations" ("tenant_id", "queue", "priority" DESC, "at_front" DESC, "queued_since", "conversation_id") WHERE "stage" = 'waiting';
CREATE INDEX "conversations_held_idx" ON "conversations" ("tenant_id", "agent_id") WHERE "stage" IN ('offered', 'assigned');
CREATE INDEX "conversations_offer_expiry_idx" ON "conversations" ("offer_expires_at") WHERE "stage" = 'offered';

-- The agent each customer last spoke with on a business number, for the sticky window.
CREATE TABLE "customer_agents" (
    "tenant_id" TEXT NOT NULL,
    "business_number_id" TEXT NOT NULL,
    "customer_number" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_agents_pkey" PRIMARY KEY ("tenant_id", "business_number_id", "customer_number")
);

-- Events decided in a transaction, written with it (one row per transaction, a JSON array kept as text so the
-- database need not parse it) and published after commit; a relay republishes any a crash left.
CREATE TABLE "outbox" (
    "position" BIGSERIAL NOT NULL,
    "envelopes" TEXT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("position")
);
CREATE INDEX "outbox_created_at_idx" ON "outbox" ("created_at");
