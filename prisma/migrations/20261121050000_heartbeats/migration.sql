-- AlterTable
ALTER TABLE "heartbeat_runs" ADD COLUMN "adapter_type" TEXT,
ADD COLUMN "issue_id" UUID,
ADD COLUMN "token_hash" TEXT,
ADD COLUMN "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN "exit_code" INTEGER,
ADD COLUMN "error" TEXT,
ADD COLUMN "log" TEXT NOT NULL DEFAULT '',
ADD COLUMN "usage" JSONB,
ADD COLUMN "cost_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "summary" TEXT,
ADD COLUMN "session_id" TEXT,
ADD COLUMN "cancel_requested_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "agent_wakeup_requests" ADD COLUMN "heartbeat_run_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "heartbeat_runs_token_hash_key" ON "heartbeat_runs"("token_hash");

-- CreateIndex
-- The scheduler sweeps running runs for lapsed leases on every pass.
CREATE INDEX "heartbeat_runs_running_idx" ON "heartbeat_runs"("lease_expires_at") WHERE "status" = 'running';

-- CreateIndex
-- The scheduler looks for pending wakes, oldest first.
CREATE INDEX "agent_wakeup_requests_pending_idx" ON "agent_wakeup_requests"("created_at") WHERE "status" = 'pending';
