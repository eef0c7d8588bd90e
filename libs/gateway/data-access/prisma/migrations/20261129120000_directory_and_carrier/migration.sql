-- Tenants and the business numbers they own at the carrier.
CREATE TABLE "tenants" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tenants_status_check" CHECK ("status" IN ('active', 'suspended'))
);

CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");

CREATE TABLE "business_numbers" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "e164" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "number_type" TEXT NOT NULL,
    "sms_enabled" BOOLEAN NOT NULL,
    "voice_enabled" BOOLEAN NOT NULL,
    "menu_id" TEXT,
    "voice_flow" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "business_numbers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "business_numbers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "business_numbers_e164_check" CHECK ("e164" ~ '^\+[1-9][0-9]{6,14}$'),
    CONSTRAINT "business_numbers_number_type_check" CHECK ("number_type" IN ('long-code', 'toll-free', 'short-code'))
);

CREATE UNIQUE INDEX "business_numbers_e164_key" ON "business_numbers"("e164");
CREATE INDEX "business_numbers_tenant_id_idx" ON "business_numbers"("tenant_id");

-- Inbound carrier messages already taken (ids only, never text or numbers).
CREATE TABLE "inbound_messages" (
    "carrier_message_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("carrier_message_id")
);

CREATE UNIQUE INDEX "inbound_messages_message_id_key" ON "inbound_messages"("message_id");
CREATE INDEX "inbound_messages_received_at_idx" ON "inbound_messages"("received_at");

-- The send ledger.
CREATE TABLE "outbound_messages" (
    "message_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "carrier_message_id" TEXT,
    "encoding" TEXT NOT NULL,
    "segments" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sending_since" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbound_messages_pkey" PRIMARY KEY ("message_id"),
    CONSTRAINT "outbound_messages_state_check" CHECK ("state" IN ('pending', 'sending', 'sent', 'failed')),
    CONSTRAINT "outbound_messages_encoding_check" CHECK ("encoding" IN ('gsm-7', 'ucs-2'))
);

CREATE UNIQUE INDEX "outbound_messages_carrier_message_id_key" ON "outbound_messages"("carrier_message_id");
CREATE INDEX "outbound_messages_state_sending_since_idx" ON "outbound_messages"("state", "sending_since");

-- Customers who must not be texted on a tenant's numbers.
CREATE TABLE "suppressed_recipients" (
    "tenant_id" TEXT NOT NULL,
    "customer_number" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "suppressed_recipients_pkey" PRIMARY KEY ("tenant_id", "customer_number")
);

-- Calls on business numbers.
CREATE TABLE "voice_calls" (
    "call_id" TEXT NOT NULL,
    "carrier_call_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "business_number_id" TEXT NOT NULL,
    "caller_number" TEXT,
    "queue" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "deflected_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "outcome" TEXT,

    CONSTRAINT "voice_calls_pkey" PRIMARY KEY ("call_id")
);

CREATE UNIQUE INDEX "voice_calls_carrier_call_id_key" ON "voice_calls"("carrier_call_id");
CREATE INDEX "voice_calls_tenant_id_started_at_idx" ON "voice_calls"("tenant_id", "started_at");
