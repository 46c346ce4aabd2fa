-- Routines: an issue template fired by a schedule, a signed webhook or by hand; each fire is a routine run.
-- CreateTable
CREATE TABLE "routines" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "project_id" UUID,
    "goal_id" UUID,
    "parent_issue_id" UUID,
    "execution_workspace_id" UUID,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "assignee_agent_id" UUID,
    "priority" TEXT NOT NULL DEFAULT 'medium',
    "status" TEXT NOT NULL DEFAULT 'active',
    "concurrency_policy" TEXT NOT NULL DEFAULT 'skip_if_active',
    "catch_up_policy" TEXT NOT NULL DEFAULT 'skip_missed',
    "variables" JSONB NOT NULL DEFAULT '[]',
    "created_by_agent_id" UUID,
    "created_by_user_id" UUID,
    "updated_by_agent_id" UUID,
    "updated_by_user_id" UUID,
    "last_triggered_at" TIMESTAMPTZ(3),
    "last_enqueued_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routine_triggers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "routine_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cron_expression" TEXT,
    "timezone" TEXT,
    "next_run_at" TIMESTAMPTZ(3),
    "last_fired_at" TIMESTAMPTZ(3),
    "public_id" TEXT,
    "signing_secret" TEXT,
    "signing_mode" TEXT,
    "replay_window_sec" INTEGER,
    "last_rotated_at" TIMESTAMPTZ(3),
    "last_result" TEXT,
    "created_by_agent_id" UUID,
    "created_by_user_id" UUID,
    "updated_by_agent_id" UUID,
    "updated_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routine_triggers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routine_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "routine_id" UUID NOT NULL,
    "trigger_id" UUID,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "triggered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduled_for" TIMESTAMPTZ(3),
    "idempotency_key" TEXT,
    "trigger_payload" JSONB,
    "linked_issue_id" UUID,
    "coalesced_into_run_id" UUID,
    "failure_reason" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routine_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "routines_company_id_status_idx" ON "routines"("company_id", "status");

-- CreateIndex
CREATE INDEX "routines_execution_workspace_id_idx" ON "routines"("execution_workspace_id");

-- CreateIndex
CREATE INDEX "routine_triggers_routine_id_idx" ON "routine_triggers"("routine_id");

-- CreateIndex
CREATE INDEX "routine_triggers_kind_enabled_next_run_at_idx" ON "routine_triggers"("kind", "enabled", "next_run_at");

-- CreateIndex
CREATE UNIQUE INDEX "routine_triggers_public_id_key" ON "routine_triggers"("public_id");

-- CreateIndex
CREATE INDEX "routine_runs_routine_id_created_at_idx" ON "routine_runs"("routine_id", "created_at");

-- CreateIndex
CREATE INDEX "routine_runs_linked_issue_id_idx" ON "routine_runs"("linked_issue_id");

-- A schedule slot fires once however many app instances tick: one row per trigger and slot.
-- CreateIndex
CREATE UNIQUE INDEX "routine_runs_trigger_id_scheduled_for_key" ON "routine_runs"("trigger_id", "scheduled_for");

-- A webhook retried with the same idempotency key records one run.
-- CreateIndex
CREATE UNIQUE INDEX "routine_runs_trigger_id_idempotency_key_key" ON "routine_runs"("trigger_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "routines" ADD CONSTRAINT "routines_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routines" ADD CONSTRAINT "routines_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routines" ADD CONSTRAINT "routines_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "goals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routines" ADD CONSTRAINT "routines_parent_issue_id_fkey" FOREIGN KEY ("parent_issue_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routines" ADD CONSTRAINT "routines_execution_workspace_id_fkey" FOREIGN KEY ("execution_workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routines" ADD CONSTRAINT "routines_assignee_agent_id_fkey" FOREIGN KEY ("assignee_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_triggers" ADD CONSTRAINT "routine_triggers_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_triggers" ADD CONSTRAINT "routine_triggers_routine_id_fkey" FOREIGN KEY ("routine_id") REFERENCES "routines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_runs" ADD CONSTRAINT "routine_runs_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_runs" ADD CONSTRAINT "routine_runs_routine_id_fkey" FOREIGN KEY ("routine_id") REFERENCES "routines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_runs" ADD CONSTRAINT "routine_runs_trigger_id_fkey" FOREIGN KEY ("trigger_id") REFERENCES "routine_triggers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routine_runs" ADD CONSTRAINT "routine_runs_linked_issue_id_fkey" FOREIGN KEY ("linked_issue_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Where an issue came from: made by hand ('manual') or by a routine run ('routine_execution', origin_id = routine id).
-- AlterTable
ALTER TABLE "issues" ADD COLUMN "origin_kind" TEXT NOT NULL DEFAULT 'manual',
ADD COLUMN "origin_id" TEXT,
ADD COLUMN "origin_run_id" UUID;

-- The people's inbox: when each board user last read an issue, and issues they archived from their inbox (until the
-- issue changes again).
-- CreateTable
CREATE TABLE "issue_read_states" (
    "issue_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "last_read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_read_states_pkey" PRIMARY KEY ("issue_id", "user_id")
);

-- CreateTable
CREATE TABLE "issue_inbox_archives" (
    "issue_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_inbox_archives_pkey" PRIMARY KEY ("issue_id", "user_id")
);

-- CreateIndex
CREATE INDEX "issue_read_states_user_id_company_id_idx" ON "issue_read_states"("user_id", "company_id");

-- CreateIndex
CREATE INDEX "issue_inbox_archives_user_id_company_id_idx" ON "issue_inbox_archives"("user_id", "company_id");

-- AddForeignKey
ALTER TABLE "issue_read_states" ADD CONSTRAINT "issue_read_states_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_read_states" ADD CONSTRAINT "issue_read_states_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_inbox_archives" ADD CONSTRAINT "issue_inbox_archives_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "issue_inbox_archives" ADD CONSTRAINT "issue_inbox_archives_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
