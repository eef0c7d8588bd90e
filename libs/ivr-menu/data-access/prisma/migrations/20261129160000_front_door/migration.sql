-- The front door's configuration: menus, what each business number does, queues' opening hours.
CREATE TABLE "menus" (
    "tenant_id" TEXT NOT NULL,
    "menu_id" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "menus_pkey" PRIMARY KEY ("tenant_id", "menu_id")
);

CREATE TABLE "front_doors" (
    "business_number_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "front_doors_pkey" PRIMARY KEY ("business_number_id")
);
CREATE INDEX "front_doors_tenant_id_idx" ON "front_doors" ("tenant_id");

CREATE TABLE "queue_schedules" (
    "tenant_id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "schedule" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "queue_schedules_pkey" PRIMARY KEY ("tenant_id", "queue")
);

-- Conversations from their first message until the front door or an agent closes them.
CREATE TABLE "conversations" (
    "conversation_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "business_number_id" TEXT NOT NULL,
    "business_number" TEXT NOT NULL,
    "customer_number" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "call_id" TEXT,
    "stage" TEXT NOT NULL,
    "menu_id" TEXT,
    "menu_version" INTEGER,
    "node_id" TEXT,
    "invalid_attempts" INTEGER NOT NULL DEFAULT 0,
    "deadline" TIMESTAMPTZ(3),
    "queue" TEXT,
    "queued_since" TIMESTAMPTZ(3),
    "opens_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("conversation_id")
);
-- At most one open conversation per customer and business number, whatever the number of instances.
CREATE UNIQUE INDEX "conversations_one_open_idx" ON "conversations" ("tenant_id", "business_number_id", "customer_number") WHERE "closed_at" IS NULL;
CREATE INDEX "conversations_menu_deadline_idx" ON "conversations" ("deadline") WHERE "stage" = 'menu';
CREATE INDEX "conversations_opens_at_idx" ON "conversations" ("opens_at") WHERE "stage" = 'waiting-for-opening';

-- Which conversation each customer text belongs to, so a later redaction finds it (ids only, never text).
CREATE TABLE "conversation_messages" (
    "message_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conversation_messages_pkey" PRIMARY KEY ("message_id")
);
CREATE INDEX "conversation_messages_received_at_idx" ON "conversation_messages" ("received_at");

-- The consent ledger: every opt-out and opt-in, append only, and each customer's current state per tenant.
CREATE TABLE "consent_changes" (
    "change_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "customer_number" TEXT NOT NULL,
    "business_number_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "keyword" TEXT,
    "recorded_by" TEXT,
    "conversation_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consent_changes_pkey" PRIMARY KEY ("change_id")
);
CREATE INDEX "consent_changes_customer_idx" ON "consent_changes" ("tenant_id", "customer_number", "at");

CREATE TABLE "consent_states" (
    "tenant_id" TEXT NOT NULL,
    "customer_number" TEXT NOT NULL,
    "opted_out" BOOLEAN NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consent_states_pkey" PRIMARY KEY ("tenant_id", "customer_number")
);
