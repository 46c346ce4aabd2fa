-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "title" TEXT,
    "format" TEXT NOT NULL DEFAULT 'markdown',
    "latest_body" TEXT NOT NULL,
    "latest_revision_id" UUID,
    "latest_revision_number" INTEGER NOT NULL DEFAULT 0,
    "created_by_agent_id" UUID,
    "created_by_user_id" UUID,
    "updated_by_agent_id" UUID,
    "updated_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_revisions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "revision_number" INTEGER NOT NULL,
    "title" TEXT,
    "format" TEXT NOT NULL DEFAULT 'markdown',
    "body" TEXT NOT NULL,
    "change_summary" TEXT,
    "created_by_agent_id" UUID,
    "created_by_user_id" UUID,
    "run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_thread_interactions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "continuation_policy" TEXT NOT NULL DEFAULT 'none',
    "resolver_policy" TEXT NOT NULL DEFAULT 'board_only',
    "addressee_agent_id" UUID,
    "addressee_user_id" UUID,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "title" TEXT,
    "summary" TEXT,
    "payload" JSONB NOT NULL,
    "result" JSONB,
    "target_document_id" UUID,
    "source_comment_id" UUID,
    "source_run_id" UUID,
    "created_by_agent_id" UUID,
    "created_by_user_id" UUID,
    "run_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_agent_id" UUID,
    "resolved_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_thread_interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requested_by_agent_id" UUID,
    "requested_by_user_id" UUID,
    "payload" JSONB NOT NULL,
    "decision_note" TEXT,
    "decided_by_user_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_approvals" (
    "issue_id" UUID NOT NULL,
    "approval_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "linked_by_agent_id" UUID,
    "linked_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_approvals_pkey" PRIMARY KEY ("issue_id","approval_id")
);

-- CreateTable
CREATE TABLE "approval_comments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "approval_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "author_agent_id" UUID,
    "author_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_comments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "documents_company_id_idx" ON "documents"("company_id");

-- CreateIndex
CREATE UNIQUE INDEX "document_revisions_document_id_revision_number_key" ON "document_revisions"("document_id", "revision_number");

-- CreateIndex
CREATE UNIQUE INDEX "issue_documents_document_id_key" ON "issue_documents"("document_id");

-- CreateIndex
CREATE UNIQUE INDEX "issue_documents_issue_id_key_key" ON "issue_documents"("issue_id", "key");

-- CreateIndex
CREATE INDEX "issue_thread_interactions_issue_id_created_at_idx" ON "issue_thread_interactions"("issue_id", "created_at");

-- CreateIndex
CREATE INDEX "issue_thread_interactions_target_document_id_status_idx" ON "issue_thread_interactions"("target_document_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "issue_thread_interactions_issue_id_idempotency_key_key" ON "issue_thread_interactions"("issue_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "approvals_company_id_status_created_at_idx" ON "approvals"("company_id", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "issue_approvals_approval_id_idx" ON "issue_approvals"("approval_id");

-- CreateIndex
CREATE INDEX "approval_comments_approval_id_created_at_idx" ON "approval_comments"("approval_id", "created_at");

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_revisions" ADD CONSTRAINT "document_revisions_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_documents" ADD CONSTRAINT "issue_documents_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_documents" ADD CONSTRAINT "issue_documents_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_thread_interactions" ADD CONSTRAINT "issue_thread_interactions_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_approvals" ADD CONSTRAINT "issue_approvals_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_approvals" ADD CONSTRAINT "issue_approvals_approval_id_fkey" FOREIGN KEY ("approval_id") REFERENCES "approvals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_comments" ADD CONSTRAINT "approval_comments_approval_id_fkey" FOREIGN KEY ("approval_id") REFERENCES "approvals"("id") ON DELETE CASCADE ON UPDATE CASCADE;
