-- Whether an issue, as a blocker, keeps its dependants waiting: set from its workflow's `blocking_states` whenever its
-- workflow state is written (true exactly while it is in one of them). NULL when the workflow names no blocking
-- states: then the plain rule holds, anything not done blocks.
-- AlterTable
ALTER TABLE "issues" ADD COLUMN "blocking" BOOLEAN;

-- Advisory file marks ("who is editing what"): one row per agent and path, scoped to the company and, when the task has
-- one, its execution workspace. Released by the agent, when the task closes, and when the agent's run ends.
-- CreateTable
CREATE TABLE "file_marks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "workspace_id" UUID,
    "path" TEXT NOT NULL,
    "agent_id" UUID NOT NULL,
    "issue_id" UUID,
    "run_id" UUID,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_marks_pkey" PRIMARY KEY ("id")
);

-- Every mark and unmark, numbered: mark_updates reads what others changed after the number it last saw. Writers number
-- their events under a per-company advisory lock, so numbers are in commit order and a reader never skips one.
-- CreateTable
CREATE TABLE "file_mark_events" (
    "seq" BIGSERIAL NOT NULL,
    "company_id" UUID NOT NULL,
    "workspace_id" UUID,
    "path" TEXT NOT NULL,
    "agent_id" UUID NOT NULL,
    "issue_id" UUID,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_mark_events_pkey" PRIMARY KEY ("seq")
);

-- How far each agent has read the mark events.
-- CreateTable
CREATE TABLE "file_mark_cursors" (
    "agent_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_mark_cursors_pkey" PRIMARY KEY ("agent_id")
);

-- An agent's thoughts (the `thinking` tool): the newest is its current thought; all of a run's are its history.
-- CreateTable
CREATE TABLE "agent_thoughts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "run_id" UUID,
    "issue_id" UUID,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_thoughts_pkey" PRIMARY KEY ("id")
);

-- The one ledger of spend: adapter-reported run usage (source `adapter`) and what agents log with log_metrics (source
-- `agent`), per agent, run and task. Budgets and the Costs page add these up.
-- CreateTable
CREATE TABLE "cost_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "run_id" UUID,
    "issue_id" UUID,
    "source" TEXT NOT NULL,
    "model" TEXT,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_cents" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cost_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "file_marks_scope_path_agent_key" ON "file_marks"("company_id", COALESCE("workspace_id", '00000000-0000-0000-0000-000000000000'::uuid), "path", "agent_id");
CREATE INDEX "file_marks_issue_id_idx" ON "file_marks"("issue_id");
CREATE INDEX "file_marks_run_id_idx" ON "file_marks"("run_id");
CREATE INDEX "file_marks_agent_id_idx" ON "file_marks"("agent_id");
CREATE INDEX "file_mark_events_company_id_seq_idx" ON "file_mark_events"("company_id", "seq");
CREATE INDEX "agent_thoughts_agent_id_created_at_idx" ON "agent_thoughts"("agent_id", "created_at" DESC);
CREATE INDEX "agent_thoughts_issue_id_created_at_idx" ON "agent_thoughts"("issue_id", "created_at" DESC);
CREATE INDEX "agent_thoughts_run_id_created_at_idx" ON "agent_thoughts"("run_id", "created_at");
CREATE INDEX "cost_events_company_id_created_at_idx" ON "cost_events"("company_id", "created_at");
CREATE INDEX "cost_events_issue_id_idx" ON "cost_events"("issue_id");
CREATE INDEX "cost_events_run_id_idx" ON "cost_events"("run_id");

-- AddForeignKey
ALTER TABLE "file_marks" ADD CONSTRAINT "file_marks_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "file_marks" ADD CONSTRAINT "file_marks_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "file_marks" ADD CONSTRAINT "file_marks_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "file_marks" ADD CONSTRAINT "file_marks_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "file_mark_events" ADD CONSTRAINT "file_mark_events_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "file_mark_cursors" ADD CONSTRAINT "file_mark_cursors_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agent_thoughts" ADD CONSTRAINT "agent_thoughts_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agent_thoughts" ADD CONSTRAINT "agent_thoughts_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agent_thoughts" ADD CONSTRAINT "agent_thoughts_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Costs recorded on runs before this ledger existed become its first rows, so month-to-date figures do not drop.
INSERT INTO "cost_events" ("company_id", "agent_id", "run_id", "issue_id", "source", "cost_cents", "created_at")
SELECT r."company_id", r."agent_id", r."id", (SELECT i."id" FROM "issues" i WHERE i."id" = r."issue_id"), 'adapter', r."cost_cents", r."created_at"
  FROM "heartbeat_runs" r WHERE r."cost_cents" > 0;
