-- Desk users of each tenant, with one role; an agent user is tied to routing's agent profile by agent_id.
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "agent_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'invited',
    "password_hash" TEXT,
    "password_changed_at" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "deactivated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "users_role_check" CHECK ("role" IN ('agent', 'supervisor', 'compliance', 'admin')),
    CONSTRAINT "users_status_check" CHECK ("status" IN ('invited', 'active', 'deactivated')),
    CONSTRAINT "users_agent_check" CHECK (("role" = 'agent') = ("agent_id" IS NOT NULL)),
    CONSTRAINT "users_active_password_check" CHECK ("status" <> 'active' OR "password_hash" IS NOT NULL),
    CONSTRAINT "users_email_check" CHECK ("email" = lower("email"))
);

CREATE UNIQUE INDEX "users_tenant_id_email_key" ON "users"("tenant_id", "email");
CREATE UNIQUE INDEX "users_tenant_id_agent_id_key" ON "users"("tenant_id", "agent_id");

-- Signed-in sessions; only the SHA-256 of the cookie's random token is kept.
CREATE TABLE "sessions" (
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");
CREATE INDEX "sessions_created_at_idx" ON "sessions"("created_at");

-- Single-use invitations to set a password (a new user, or a reset); only the token's SHA-256 is kept.
CREATE TABLE "invitations" (
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "invitations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "invitations_user_id_idx" ON "invitations"("user_id");

-- Failed logins by account and by client address, counted over a window by every gateway replica alike.
CREATE TABLE "login_attempts" (
    "id" BIGSERIAL NOT NULL,
    "throttle_key" TEXT NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "login_attempts_throttle_key_attempted_at_idx" ON "login_attempts"("throttle_key", "attempted_at");
CREATE INDEX "login_attempts_attempted_at_idx" ON "login_attempts"("attempted_at");

-- Replies agents pick from, per tenant, managed by its admins.
CREATE TABLE "canned_responses" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "canned_responses_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "canned_responses_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "canned_responses_tenant_id_title_key" ON "canned_responses"("tenant_id", "title");

-- Agents' open desk WebSockets across every gateway replica, so the desk connection routing sees is the union.
CREATE TABLE "desk_connections" (
    "connection_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "connected_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "desk_connections_pkey" PRIMARY KEY ("connection_id")
);

CREATE INDEX "desk_connections_tenant_id_agent_id_idx" ON "desk_connections"("tenant_id", "agent_id");
CREATE INDEX "desk_connections_seen_at_idx" ON "desk_connections"("seen_at");
