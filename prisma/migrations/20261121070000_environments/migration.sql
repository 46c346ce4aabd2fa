-- CreateTable
CREATE TABLE "environments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "driver" TEXT NOT NULL DEFAULT 'local',
    "status" TEXT NOT NULL DEFAULT 'active',
    "config" JSONB NOT NULL DEFAULT '{}',
    "env_vars" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issue_held_actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "waiting_for_workspace_ids" UUID[],
    "payload" JSONB NOT NULL DEFAULT '{}',
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "run_id" UUID,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "issue_held_actions_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "agents" ADD COLUMN "default_environment_id" UUID;

-- AlterTable
ALTER TABLE "heartbeat_runs" ADD COLUMN "environment_id" UUID,
ADD COLUMN "environment_rule" TEXT,
ADD COLUMN "environment_conflict" JSONB;

-- AlterTable
ALTER TABLE "execution_workspaces" ADD COLUMN "environment_id" UUID,
ADD COLUMN "environment_conflict" JSONB,
ADD COLUMN "finalizing_phase" TEXT,
ADD COLUMN "finalizing_since" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "issues" ADD COLUMN "workspace_conflict" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "environments_company_id_name_key" ON "environments"("company_id", "name");
CREATE INDEX "environments_company_id_status_idx" ON "environments"("company_id", "status");
CREATE UNIQUE INDEX "environments_one_default" ON "environments"("company_id") WHERE "is_default";
CREATE INDEX "issue_held_actions_issue_id_status_idx" ON "issue_held_actions"("issue_id", "status");
CREATE INDEX "issue_held_actions_status_idx" ON "issue_held_actions"("status");

-- AddForeignKey
ALTER TABLE "environments" ADD CONSTRAINT "environments_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "issue_held_actions" ADD CONSTRAINT "issue_held_actions_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agents" ADD CONSTRAINT "agents_default_environment_id_fkey" FOREIGN KEY ("default_environment_id") REFERENCES "environments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "execution_workspaces" ADD CONSTRAINT "execution_workspaces_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
