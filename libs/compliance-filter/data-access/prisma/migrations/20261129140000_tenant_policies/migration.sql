-- Each tenant's screening policy.
CREATE TABLE "tenant_policies" (
    "tenant_id" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenant_policies_pkey" PRIMARY KEY ("tenant_id")
);
