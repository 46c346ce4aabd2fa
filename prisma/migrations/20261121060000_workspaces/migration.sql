-- AlterTable
ALTER TABLE "issues" ADD COLUMN "execution_workspace_id" UUID,
ADD COLUMN "execution_workspace_preference" TEXT,
ADD COLUMN "execution_workspace_settings" JSONB;

-- CreateTable
CREATE TABLE "project_workspaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "source_type" TEXT NOT NULL DEFAULT 'local_path',
    "cwd" TEXT,
    "repo_url" TEXT,
    "repo_ref" TEXT,
    "default_ref" TEXT,
    "visibility" TEXT NOT NULL DEFAULT 'default',
    "setup_command" TEXT,
    "cleanup_command" TEXT,
    "remote_provider" TEXT,
    "remote_workspace_ref" TEXT,
    "shared_workspace_key" TEXT,
    "metadata" JSONB,
    "runtime_config" JSONB,
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "execution_workspaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "project_workspace_id" UUID,
    "source_issue_id" UUID,
    "derived_from_execution_workspace_id" UUID,
    "mode" TEXT NOT NULL DEFAULT 'isolated_workspace',
    "strategy_type" TEXT NOT NULL DEFAULT 'git_worktree',
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "cwd" TEXT,
    "repo_url" TEXT,
    "base_ref" TEXT,
    "branch_name" TEXT,
    "provider_type" TEXT NOT NULL DEFAULT 'git_worktree',
    "provider_ref" TEXT,
    "config" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleanup_eligible_at" TIMESTAMPTZ(3),
    "cleanup_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "execution_workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "execution_workspace_issues" (
    "execution_workspace_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "execution_workspace_issues_pkey" PRIMARY KEY ("execution_workspace_id","issue_id")
);

-- CreateTable
CREATE TABLE "workspace_runtime_services" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "execution_workspace_id" UUID,
    "project_workspace_id" UUID,
    "workspace_command_id" TEXT NOT NULL,
    "service_name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'stopped',
    "command" TEXT NOT NULL,
    "cwd" TEXT,
    "port" INTEGER,
    "url" TEXT,
    "health_status" TEXT NOT NULL DEFAULT 'unknown',
    "pid" INTEGER,
    "pid_start_time" TEXT,
    "host_id" TEXT,
    "log_path" TEXT,
    "exit_code" INTEGER,
    "last_error" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "stopped_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_runtime_services_pkey" PRIMARY KEY ("id"),
    -- A service belongs to exactly one workspace, execution or project.
    CONSTRAINT "workspace_runtime_services_one_owner" CHECK (("execution_workspace_id" IS NULL) <> ("project_workspace_id" IS NULL))
);

-- CreateTable
CREATE TABLE "workspace_operations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "execution_workspace_id" UUID,
    "project_workspace_id" UUID,
    "runtime_service_id" UUID,
    "heartbeat_run_id" UUID,
    "workspace_command_id" TEXT,
    "phase" TEXT NOT NULL,
    "command" TEXT,
    "cwd" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "exit_code" INTEGER,
    "error" TEXT,
    "stdout_excerpt" TEXT,
    "stderr_excerpt" TEXT,
    "log_path" TEXT,
    "pid" INTEGER,
    "host_id" TEXT,
    "actor_type" TEXT,
    "actor_id" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "workspace_operations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "project_workspaces_company_id_idx" ON "project_workspaces"("company_id");
CREATE INDEX "project_workspaces_project_id_idx" ON "project_workspaces"("project_id");
-- One primary checkout per project.
CREATE UNIQUE INDEX "project_workspaces_one_primary" ON "project_workspaces"("project_id") WHERE "is_primary";
CREATE INDEX "execution_workspaces_company_id_status_idx" ON "execution_workspaces"("company_id", "status");
CREATE INDEX "execution_workspaces_project_id_idx" ON "execution_workspaces"("project_id");
CREATE INDEX "execution_workspace_issues_issue_id_idx" ON "execution_workspace_issues"("issue_id");
CREATE UNIQUE INDEX "workspace_runtime_services_execution_workspace_id_workspace_command_id_key" ON "workspace_runtime_services"("execution_workspace_id", "workspace_command_id");
CREATE UNIQUE INDEX "workspace_runtime_services_project_workspace_id_workspace_command_id_key" ON "workspace_runtime_services"("project_workspace_id", "workspace_command_id");
CREATE INDEX "workspace_runtime_services_status_idx" ON "workspace_runtime_services"("status");
CREATE INDEX "workspace_operations_execution_workspace_id_started_at_idx" ON "workspace_operations"("execution_workspace_id", "started_at" DESC);
CREATE INDEX "workspace_operations_heartbeat_run_id_idx" ON "workspace_operations"("heartbeat_run_id");
CREATE INDEX "workspace_operations_project_workspace_id_started_at_idx" ON "workspace_operations"("project_workspace_id", "started_at" DESC);
-- Refuses a second pending action on the same command: the insert of the second running row fails.
CREATE UNIQUE INDEX "workspace_operations_one_pending_action" ON "workspace_operations"(COALESCE("execution_workspace_id", "project_workspace_id"), "workspace_command_id") WHERE "status" = 'running' AND "workspace_command_id" IS NOT NULL;

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_execution_workspace_id_fkey" FOREIGN KEY ("execution_workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "project_workspaces" ADD CONSTRAINT "project_workspaces_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "project_workspaces" ADD CONSTRAINT "project_workspaces_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "execution_workspaces" ADD CONSTRAINT "execution_workspaces_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "execution_workspaces" ADD CONSTRAINT "execution_workspaces_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "execution_workspaces" ADD CONSTRAINT "execution_workspaces_project_workspace_id_fkey" FOREIGN KEY ("project_workspace_id") REFERENCES "project_workspaces"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "execution_workspaces" ADD CONSTRAINT "execution_workspaces_source_issue_id_fkey" FOREIGN KEY ("source_issue_id") REFERENCES "issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "execution_workspaces" ADD CONSTRAINT "execution_workspaces_derived_from_fkey" FOREIGN KEY ("derived_from_execution_workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "execution_workspace_issues" ADD CONSTRAINT "execution_workspace_issues_execution_workspace_id_fkey" FOREIGN KEY ("execution_workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "execution_workspace_issues" ADD CONSTRAINT "execution_workspace_issues_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "workspace_runtime_services" ADD CONSTRAINT "workspace_runtime_services_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "workspace_runtime_services" ADD CONSTRAINT "workspace_runtime_services_execution_workspace_id_fkey" FOREIGN KEY ("execution_workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "workspace_runtime_services" ADD CONSTRAINT "workspace_runtime_services_project_workspace_id_fkey" FOREIGN KEY ("project_workspace_id") REFERENCES "project_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "workspace_operations" ADD CONSTRAINT "workspace_operations_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "workspace_operations" ADD CONSTRAINT "workspace_operations_execution_workspace_id_fkey" FOREIGN KEY ("execution_workspace_id") REFERENCES "execution_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "workspace_operations" ADD CONSTRAINT "workspace_operations_project_workspace_id_fkey" FOREIGN KEY ("project_workspace_id") REFERENCES "project_workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
