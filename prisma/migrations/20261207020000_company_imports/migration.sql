-- Company imports: one row per bundle applied to a company, so the same bundle applied again creates nothing.
-- CreateTable
CREATE TABLE "company_imports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "target_company_id" UUID NOT NULL,
    "source_company_id" TEXT,
    "bundle_sha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "id_map" JSONB NOT NULL DEFAULT '{}',
    "created" JSONB NOT NULL DEFAULT '{}',
    "skipped" JSONB NOT NULL DEFAULT '{}',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "created_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "company_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "company_imports_target_company_id_bundle_sha256_key" ON "company_imports"("target_company_id", "bundle_sha256");

-- CreateIndex
CREATE INDEX "company_imports_bundle_sha256_idx" ON "company_imports"("bundle_sha256");

-- AddForeignKey
ALTER TABLE "company_imports" ADD CONSTRAINT "company_imports_target_company_id_fkey" FOREIGN KEY ("target_company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
