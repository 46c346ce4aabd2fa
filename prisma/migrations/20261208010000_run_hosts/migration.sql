-- Several app instances on one database: a scheduler run records which instance executes it, so a run's log, a bench
-- and an operator can tell the hosts apart, and the claim counts an agent's running runs from one index.
ALTER TABLE "heartbeat_runs" ADD COLUMN "host_id" TEXT;

CREATE INDEX "heartbeat_runs_agent_running_idx" ON "heartbeat_runs"("agent_id", "issue_id") WHERE "status" = 'running' AND "invocation_source" = 'scheduler';
