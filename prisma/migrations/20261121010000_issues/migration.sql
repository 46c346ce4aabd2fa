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

    CONSTRAINT "issues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
-- Full-text search lives beside issues, not in them: status changes and checkouts rewrite issue rows constantly and
-- must not re-index every word. Kept current by the triggers at the end of this file.
CREATE TABLE "issue_search" (
    "issue_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "fields" tsvector NOT NULL DEFAULT ''::tsvector,
    "comments" tsvector NOT NULL DEFAULT ''::tsvector,
    "document" tsvector GENERATED ALWAYS AS ("fields" || "comments") STORED,

    CONSTRAINT "issue_search_pkey" PRIMARY KEY ("issue_id")
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
CREATE INDEX "issue_search_document_idx" ON "issue_search" USING GIN ("document");

-- CreateIndex
CREATE UNIQUE INDEX "issue_relations_issue_id_blocked_by_issue_id_key" ON "issue_relations"("issue_id", "blocked_by_issue_id");

-- CreateIndex
CREATE INDEX "issue_relations_blocked_by_issue_id_idx" ON "issue_relations"("blocked_by_issue_id");

-- CreateIndex
CREATE INDEX "issue_comments_issue_id_created_at_id_idx" ON "issue_comments"("issue_id", "created_at", "id");


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

-- AddForeignKey
ALTER TABLE "issue_search" ADD CONSTRAINT "issue_search_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Search document upkeep: an issue's own text when it is written, its comments as they come and go.
CREATE FUNCTION "issue_search_refresh_fields"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "issue_search" ("issue_id", "company_id", "fields")
  VALUES (NEW."id", NEW."company_id", to_tsvector('simple', NEW."identifier" || ' ' || NEW."title" || ' ' || coalesce(NEW."description", '')))
  ON CONFLICT ("issue_id") DO UPDATE SET "fields" = EXCLUDED."fields";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "issues_search_fields" AFTER INSERT OR UPDATE OF "identifier", "title", "description" ON "issues"
  FOR EACH ROW EXECUTE FUNCTION "issue_search_refresh_fields"();

CREATE FUNCTION "issue_search_refresh_comments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "issue_search" SET "comments" = "comments" || to_tsvector('simple', NEW."body") WHERE "issue_id" = NEW."issue_id";
  ELSE
    UPDATE "issue_search"
       SET "comments" = (SELECT to_tsvector('simple', coalesce(string_agg(c."body", ' '), '')) FROM "issue_comments" c WHERE c."issue_id" = OLD."issue_id")
     WHERE "issue_id" = OLD."issue_id";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "issue_comments_search" AFTER INSERT OR DELETE OR UPDATE OF "body" ON "issue_comments"
  FOR EACH ROW EXECUTE FUNCTION "issue_search_refresh_comments"();
