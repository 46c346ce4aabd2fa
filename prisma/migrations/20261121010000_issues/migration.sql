-- CreateTable
CREATE TABLE "issues" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "identifier" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL DEFAULT 'backlog',
    "priority" TEXT NOT NULL DEFAULT 'medium',
    "priority_rank" SMALLINT NOT NULL DEFAULT 2,
    "assignee_agent_id" UUID,
    "assignee_user_id" UUID,
    "created_by_agent_id" UUID,
    "created_by_user_id" UUID,
    "parent_id" UUID,
    "project_id" UUID,
    "goal_id" UUID,
    "billing_code" TEXT,
    "work_mode" TEXT NOT NULL DEFAULT 'standard',
    "request_depth" INTEGER NOT NULL DEFAULT 0,
    "idempotency_key" TEXT,
    "hidden_at" TIMESTAMPTZ(3),
    "inherit_execution_workspace_from_issue_id" UUID,
    "checkout_run_id" UUID,
    "execution_run_id" UUID,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Full-text search over the identifier, title and description (comments have their own vector).
    "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("identifier", '') || ' ' || coalesce("title", '') || ' ' || coalesce("description", ''))) STORED,
    -- The issue's comments, maintained by the trigger below, so one GIN index answers comment searches.
    "comments_vector" tsvector,

    CONSTRAINT "issues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_relations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "blocked_by_issue_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_relations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_comments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "author_agent_id" UUID,
    "author_user_id" UUID,
    "run_id" UUID,
    "mentioned_agent_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "labels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_labels" (
    "issue_id" UUID NOT NULL,
    "label_id" UUID NOT NULL,

    CONSTRAINT "issue_labels_pkey" PRIMARY KEY ("issue_id","label_id")
);

-- CreateTable
CREATE TABLE "heartbeat_runs" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "invocation_source" TEXT NOT NULL DEFAULT 'external',
    "status" TEXT NOT NULL DEFAULT 'running',
    "wake_reason" TEXT,
    "context" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "heartbeat_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_wakeup_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "issue_id" UUID,
    "comment_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requested_by_type" TEXT NOT NULL,
    "requested_by_id" TEXT NOT NULL,
    "run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_at" TIMESTAMPTZ(3),

    CONSTRAINT "agent_wakeup_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "issues_company_id_number_key" ON "issues"("company_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "issues_company_id_identifier_key" ON "issues"("company_id", "identifier");

-- CreateIndex
CREATE UNIQUE INDEX "issues_company_id_idempotency_key_key" ON "issues"("company_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "issues_company_id_priority_rank_updated_at_id_idx" ON "issues"("company_id", "priority_rank", "updated_at" DESC, "id");

-- CreateIndex
CREATE INDEX "issues_company_id_assignee_agent_id_status_priority_rank_updated_at_idx" ON "issues"("company_id", "assignee_agent_id", "status", "priority_rank", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "issues_parent_id_idx" ON "issues"("parent_id");

-- CreateIndex (not expressible in schema.prisma)
CREATE INDEX "issues_search_vector_idx" ON "issues" USING GIN ("search_vector");

-- CreateIndex
CREATE UNIQUE INDEX "issue_relations_issue_id_blocked_by_issue_id_key" ON "issue_relations"("issue_id", "blocked_by_issue_id");

-- CreateIndex
CREATE INDEX "issue_relations_blocked_by_issue_id_idx" ON "issue_relations"("blocked_by_issue_id");

-- CreateIndex
CREATE INDEX "issue_comments_issue_id_created_at_id_idx" ON "issue_comments"("issue_id", "created_at", "id");

-- CreateIndex (not expressible in schema.prisma)
CREATE INDEX "issues_comments_vector_idx" ON "issues" USING GIN ("comments_vector");

-- Keep issues.comments_vector in step with the issue's comments: appends are cheap, edits and deletes recompute.
CREATE FUNCTION "issue_comments_refresh_search"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "issues" SET "comments_vector" = coalesce("comments_vector", ''::tsvector) || to_tsvector('simple', NEW."body") WHERE "id" = NEW."issue_id";
  ELSE
    UPDATE "issues"
       SET "comments_vector" = (SELECT to_tsvector('simple', coalesce(string_agg(c."body", ' '), '')) FROM "issue_comments" c WHERE c."issue_id" = OLD."issue_id")
     WHERE "id" = OLD."issue_id";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "issue_comments_search" AFTER INSERT OR DELETE OR UPDATE OF "body" ON "issue_comments"
  FOR EACH ROW EXECUTE FUNCTION "issue_comments_refresh_search"();

-- CreateIndex
CREATE UNIQUE INDEX "labels_company_id_name_key" ON "labels"("company_id", "name");

-- CreateIndex
CREATE INDEX "issue_labels_label_id_idx" ON "issue_labels"("label_id");

-- CreateIndex
CREATE INDEX "heartbeat_runs_agent_id_status_idx" ON "heartbeat_runs"("agent_id", "status");

-- CreateIndex
CREATE INDEX "agent_wakeup_requests_agent_id_status_created_at_idx" ON "agent_wakeup_requests"("agent_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "agent_wakeup_requests_issue_id_idx" ON "agent_wakeup_requests"("issue_id");

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_assignee_agent_id_fkey" FOREIGN KEY ("assignee_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "goals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_relations" ADD CONSTRAINT "issue_relations_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_relations" ADD CONSTRAINT "issue_relations_blocked_by_issue_id_fkey" FOREIGN KEY ("blocked_by_issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_comments" ADD CONSTRAINT "issue_comments_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_comments" ADD CONSTRAINT "issue_comments_author_agent_id_fkey" FOREIGN KEY ("author_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labels" ADD CONSTRAINT "labels_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_labels" ADD CONSTRAINT "issue_labels_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_labels" ADD CONSTRAINT "issue_labels_label_id_fkey" FOREIGN KEY ("label_id") REFERENCES "labels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "heartbeat_runs" ADD CONSTRAINT "heartbeat_runs_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_wakeup_requests" ADD CONSTRAINT "agent_wakeup_requests_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_wakeup_requests" ADD CONSTRAINT "agent_wakeup_requests_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
