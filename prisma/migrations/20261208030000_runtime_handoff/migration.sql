-- Runtime actions handed to the instance that supervises a service wait as `queued` operations for that host; a
-- queued action counts as pending, so a second click on the same command is still one 409 and not a second action.
DROP INDEX "workspace_operations_one_pending_action";
CREATE UNIQUE INDEX "workspace_operations_one_pending_action" ON "workspace_operations"(COALESCE("execution_workspace_id", "project_workspace_id"), "workspace_command_id") WHERE "status" IN ('running', 'queued') AND "workspace_command_id" IS NOT NULL;

-- The owner's claim pass: this host's queued operations, oldest first.
CREATE INDEX "workspace_operations_queued_idx" ON "workspace_operations"("host_id", "started_at") WHERE "status" = 'queued';
